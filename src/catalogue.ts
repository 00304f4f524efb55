/**
 * Typed access to the generated error catalogue. Every documented code, status and message is read
 * from here; nothing else in the project types them again. The description holds two editions of the
 * official page (x-editions): an entry's top-level status and message are the default edition's, and
 * `editions` says what each edition that has the row says.
 */
import {
  assumptions,
  editions,
  errorCatalogue,
  parameterRules,
  parameterRulesByEdition,
} from './generated/error-catalogue.js';

export { assumptions, editions, errorCatalogue, parameterRules, parameterRulesByEdition };

export type CatalogueEntry = (typeof errorCatalogue)[number];
/** Names one row of the catalogue. Usually the code; the second InternalError row is `InternalError-exception`. */
export type ErrorId = CatalogueEntry['id'];
export type ErrorCode = CatalogueEntry['code'];
export type CheckId = CatalogueEntry['when'][number]['check'];
/** An edition of the page: `2025-01-03` (today's, the default) or `older-zh-CN`. */
export type Edition = (typeof editions.names)[number];
export type Stage = CatalogueEntry['when'][number]['stage'];

export const DEFAULT_EDITION: Edition = editions.default;
export const EDITIONS: readonly Edition[] = editions.names;

export function isEdition(value: unknown): value is Edition {
  return typeof value === 'string' && (EDITIONS as readonly string[]).includes(value);
}

/** What one edition says of a row: its status, its message (template) and where the row comes from. */
export interface EditionFacts {
  status: number;
  message: string;
  source: 'page' | 'common';
}

const byId = new Map<string, CatalogueEntry>(errorCatalogue.map((e) => [e.id, e]));

export function catalogueEntry(id: ErrorId): CatalogueEntry {
  // The type makes a miss impossible for literal ids; the map is total over them.
  return byId.get(id) as CatalogueEntry;
}

/** The row for a wire code or an id (the first row when a code has two, as InternalError does), if documented. */
export function findCatalogueEntry(codeOrId: string, edition?: Edition): CatalogueEntry | undefined {
  const byIdFound = byId.get(codeOrId);
  if (byIdFound !== undefined && (edition === undefined || inEdition(byIdFound, edition))) return byIdFound;
  return (
    errorCatalogue.find((e) => e.code === codeOrId && (edition === undefined || inEdition(e, edition) !== undefined)) ??
    byIdFound
  );
}

/** The row as an edition has it; undefined when the edition does not list it. */
export function inEdition(entry: CatalogueEntry, edition: Edition): EditionFacts | undefined {
  return (entry.editions as Partial<Record<Edition, EditionFacts>>)[edition];
}

/** The row as an edition answers it: the edition's facts, or the default's for a row the edition lacks (faults). */
export function factsOf(entry: CatalogueEntry, edition: Edition): EditionFacts {
  return inEdition(entry, edition) ?? { status: entry.status, message: entry.message, source: entry.source };
}

/**
 * The message as it goes on the wire: `<name>` and each `%s` filled in, in order, from `args`.
 * @note QuotaExceed.Tags is documented only as '%s'; x-assumptions.quotaExceedTagsMessage fills it.
 */
export function renderMessage(
  entry: CatalogueEntry,
  parameterName?: string,
  args?: readonly string[],
  edition: Edition = DEFAULT_EDITION,
): string {
  const template = factsOf(entry, edition).message;
  let i = 0;
  return template
    .replace('<name>', parameterName ?? '')
    .replace(/%s/g, () => args?.[i++] ?? assumptions.quotaExceedTagsMessage);
}

/** Does a message received on the wire match the catalogue's (template) message, in some edition or the one given? */
export function messageMatches(entry: CatalogueEntry, message: string, edition?: Edition): boolean {
  const templates =
    edition === undefined
      ? Object.values(entry.editions as Record<string, EditionFacts>).map((f) => f.message)
      : [factsOf(entry, edition).message];
  return templates.some((template) => templateMatches(template, 'appendsDetail' in entry, message));
}

function templateMatches(template: string, appendsDetail: boolean, message: string): boolean {
  if (appendsDetail && message.startsWith(`${template} `)) return true;
  if (!/<name>|%s/.test(template)) return message === template;
  const pattern = template
    .split(/(<name>|%s)/)
    .map((part) => (part === '<name>' || part === '%s' ? '.+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${pattern}$`, 's').test(message);
}

/** The checks of one stage in an edition (the default one unless named), in the order the description gives them. */
export function checksOf(
  stage: Stage,
  edition: Edition = DEFAULT_EDITION,
): Array<{ check: CheckId; entry: CatalogueEntry; order: number }> {
  return errorCatalogue
    .flatMap((entry) =>
      entry.when
        .filter((t) => t.stage === stage && (t.editions as readonly string[]).includes(edition))
        .map((t) => ({ check: t.check as CheckId, entry, order: t.order })),
    )
    .sort((a, b) => a.order - b.order);
}

/** Per edition, the entry each check answers with: one lookup instead of a search on every request. */
export function checkEntries(stage: Stage): Record<Edition, Map<string, CatalogueEntry>> {
  return Object.fromEntries(
    EDITIONS.map((edition) => [edition, new Map(checksOf(stage, edition).map((c) => [c.check, c.entry]))]),
  ) as Record<Edition, Map<string, CatalogueEntry>>;
}
