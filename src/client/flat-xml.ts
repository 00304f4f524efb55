/**
 * A reader for the one XML shape the API answers with: a root element holding one text element per
 * field, e.g. `<Error><Code>Throttling</Code>...</Error>`. Written here rather than taken from a library
 * so that the client stays dependency-free and small in browser bundles. Not a general XML parser: a
 * field holding child elements is skipped, and anything else out of shape makes the whole document unreadable.
 */

export interface FlatXml {
  root: string;
  /** Text of each child element, entities decoded; the first occurrence wins. */
  fields: Record<string, string>;
}

const NAME = '[A-Za-z_][\\w.:-]*';
// The prolog: an optional XML declaration, then comments, processing instructions or a DOCTYPE.
const PROLOG = /^\uFEFF?\s*(?:(?:<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>)\s*)*/;
const ROOT = new RegExp(`^<(${NAME})(?:\\s[^>]*)?>([\\s\\S]*)</\\1\\s*>\\s*$`);
const EMPTY_ROOT = new RegExp(`^<(${NAME})(?:\\s[^>]*)?/>\\s*$`);
// One child: self-closing, or with content up to the first closing tag of the same name.
const CHILD = new RegExp(`\\s*(?:<!--[\\s\\S]*?-->|<(${NAME})(?:\\s[^>]*)?(?:/>|>([\\s\\S]*?)</\\1\\s*>))\\s*`, 'y');
const CDATA = /<!\[CDATA\[([\s\S]*?)\]\]>/g;

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(text: string): string | undefined {
  let bad = false;
  const decoded = text.replace(/&(#x[0-9A-Fa-f]+|#[0-9]+|[A-Za-z]+);|&/g, (whole, entity: string | undefined) => {
    if (entity === undefined) {
      bad = true; // A bare '&' is not well-formed XML.
      return whole;
    }
    if (entity.startsWith('#')) {
      const code = entity[1] === 'x' ? Number.parseInt(entity.slice(2), 16) : Number.parseInt(entity.slice(1), 10);
      if (code > 0x10ffff) bad = true;
      return bad ? whole : String.fromCodePoint(code);
    }
    const named = NAMED_ENTITIES[entity];
    if (named === undefined) bad = true;
    return named ?? whole;
  });
  return bad ? undefined : decoded;
}

// Content with markup other than CDATA is a nested element, not a text field.
const isNested = (content: string) => content.replace(CDATA, '').includes('<');

/** Text content: CDATA sections verbatim, the rest entity-decoded; undefined on a malformed entity. */
function textOf(content: string): string | undefined {
  let out = '';
  let last = 0;
  for (const m of content.matchAll(CDATA)) {
    const decoded = decodeEntities(content.slice(last, m.index));
    if (decoded === undefined) return undefined;
    out += decoded + (m[1] ?? '');
    last = m.index + m[0].length;
  }
  const rest = decodeEntities(content.slice(last));
  return rest === undefined ? undefined : out + rest;
}

/** The root's name and its text fields; undefined when the text is not such a document. */
export function readFlatXml(text: string): FlatXml | undefined {
  const body = text.replace(PROLOG, '');
  const empty = EMPTY_ROOT.exec(body);
  if (empty !== null) return { root: empty[1] as string, fields: {} };
  const root = ROOT.exec(body);
  if (root === null) return undefined;
  const inner = root[2] as string;
  // A Map, then Object.fromEntries: a field named __proto__ or constructor stays a plain own property.
  const fields = new Map<string, string>();
  CHILD.lastIndex = 0;
  while (CHILD.lastIndex < inner.length) {
    const start = CHILD.lastIndex;
    const child = CHILD.exec(inner);
    if (child === null) {
      if (inner.slice(start).trim() !== '') return undefined; // stray text or a broken tag
      break;
    }
    const [, name, content = ''] = child;
    if (name === undefined || fields.has(name) || isNested(content)) continue; // a comment, a repeat, a nest
    const value = textOf(content);
    if (value === undefined) return undefined;
    fields.set(name, value);
  }
  return { root: root[1] as string, fields: Object.fromEntries(fields) };
}
