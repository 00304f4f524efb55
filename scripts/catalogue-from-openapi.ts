/**
 * Reads the error catalogue out of the OpenAPI document: one entry per named JSON error example
 * under components.responses.Error<status>, with the x-error extension saying when it happens, and per
 * edition of the page (x-editions) its status, message and source. An example with x-edition-variant gives
 * another edition's status (the response it is listed under) and message for the row it names.
 * Throws (a programmer/author mistake, not a runtime condition) when the document breaks the shape.
 */

export interface Trigger {
  order: number;
  stage: 'gateway' | 'fault' | 'parameters' | 'idempotency' | 'preconditions';
  check: string;
  condition: string;
  assumption?: string;
  /** The editions the trigger applies in: those of its entry when the description names none. */
  editions: string[];
}

/** What one edition says of a row. */
export interface EditionFacts {
  status: number;
  message: string;
  source: 'page' | 'common';
}

export interface CatalogueEntry {
  id: string;
  /** Status, message and source of the default edition (of the only edition that has the row, if another). */
  status: number;
  code: string;
  message: string;
  source: 'page' | 'common';
  description: string;
  note?: string;
  /** The wire message continues after the documented text (SignatureDoesNotMatch: the server's string to sign). */
  appendsDetail?: true;
  /** The newer code of the same answer, for an entry of an older edition (verify accepts either). */
  acceptedFor?: string;
  /** Per edition that has the row. */
  editions: Record<string, EditionFacts>;
  when: Trigger[];
}

type Json = Record<string, unknown>;

class CatalogueShapeError extends Error {
  override name = 'CatalogueShapeError';
}

function obj(value: unknown, where: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CatalogueShapeError(`${where} must be an object in openapi/ecs-createsnapshot.yaml`);
  }
  return value as Json;
}

function text(value: unknown, where: string): string {
  if (typeof value !== 'string') throw new CatalogueShapeError(`${where} must be a string`);
  return value;
}

function resolve(doc: Json, value: unknown, where: string): Json {
  const node = obj(value, where);
  if (typeof node.$ref !== 'string') return node;
  const path = node.$ref.replace(/^#\//, '').split('/');
  let current: unknown = doc;
  for (const part of path) current = obj(current, `${node.$ref}`)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  return obj(current, node.$ref);
}

/** The request-parameter schemas whose rules the simulator enforces, reduced to the keywords it reads. */
const RULE_SCHEMAS = [
  'DiskId',
  'SnapshotName',
  'Description',
  'RetentionDays',
  'Category',
  'ClientToken',
  'TagKey',
  'TagValue',
  'InstantAccessRetentionDays',
];
const RULE_KEYWORDS = ['minLength', 'maxLength', 'pattern', 'minimum', 'maximum', 'enum'];

export interface Editions {
  default: string;
  names: string[];
}

function editionsOf(doc: Json): Editions {
  const x = obj(doc['x-editions'], 'x-editions');
  const names = Object.keys(obj(x.editions, 'x-editions.editions'));
  const def = text(x.default, 'x-editions.default');
  if (!names.includes(def))
    throw new CatalogueShapeError(`x-editions.default ${def} is not one of ${names.join(', ')}`);
  return { default: def, names };
}

function editionList(value: unknown, editions: Editions, where: string): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((e) => !editions.names.includes(String(e))))
    throw new CatalogueShapeError(`${where} must be a list of editions (${editions.names.join(', ')})`);
  return value.map(String);
}

/** Rules per edition: the default edition's from the schemas, another's with its `x-editions` overrides. */
function parameterRules(doc: Json, editions: Editions): Record<string, Record<string, Json>> {
  const schemas = obj(obj(doc.components, 'components').schemas, 'components.schemas');
  return Object.fromEntries(
    editions.names.map((edition) => [
      edition,
      Object.fromEntries(
        RULE_SCHEMAS.map((name) => {
          const schema = obj(schemas[name], `components.schemas.${name}`);
          const override = (schema['x-editions'] as Record<string, Json> | undefined)?.[edition] ?? {};
          const merged = { ...schema, ...override };
          return [name, Object.fromEntries(RULE_KEYWORDS.filter((k) => k in merged).map((k) => [k, merged[k]]))];
        }),
      ),
    ]),
  );
}

/** The names of the parameters marked `x-common: true` (the common RPC parameters), in document order. */
function commonParameters(doc: Json): string[] {
  const parameters = obj(obj(doc.components, 'components').parameters, 'components.parameters');
  return Object.values(parameters)
    .map((p, i) => obj(p, `components.parameters[${i}]`))
    .filter((p) => p['x-common'] === true)
    .map((p) => text(p.name, 'parameter name'));
}

interface Listed {
  example: Json;
  statuses: number[];
}

/** Every named JSON example of the ErrorNNN responses, with the statuses it is listed under. */
function listedExamples(doc: Json): Map<string, Listed> {
  const responses = obj(obj(doc.components, 'components').responses, 'components.responses');
  const listed = new Map<string, Listed>();
  for (const [name, responseValue] of Object.entries(responses)) {
    const status = /^Error(\d{3})$/.exec(name)?.[1];
    if (status === undefined) continue;
    const response = resolve(doc, responseValue, `components.responses.${name}`);
    const content = obj(response.content, `${name}.content`);
    const examples = obj(obj(content['application/json'], `${name} application/json`).examples, `${name} examples`);
    for (const [id, exampleRef] of Object.entries(examples)) {
      const where = `components.responses.${name} example ${id}`;
      const seen = listed.get(id) ?? { example: resolve(doc, exampleRef, where), statuses: [] };
      seen.statuses.push(Number(status));
      listed.set(id, seen);
    }
  }
  return listed;
}

export function buildCatalogue(spec: unknown): {
  errors: CatalogueEntry[];
  assumptions: Json;
  editions: Editions;
  parameterRules: Record<string, Record<string, Json>>;
  commonParameters: string[];
} {
  const doc = obj(spec, 'the document');
  const editions = editionsOf(doc);
  const listed = listedExamples(doc);
  const variants = new Map<string, Map<string, EditionFacts>>();
  for (const [id, { example, statuses }] of listed) {
    const variant = example['x-edition-variant'];
    if (variant === undefined) continue;
    const v = obj(variant, `${id}.x-edition-variant`);
    const of = text(v.of, `${id}.x-edition-variant.of`);
    const edition = text(v.edition, `${id}.x-edition-variant.edition`);
    if (!editions.names.includes(edition) || statuses.length !== 1)
      throw new CatalogueShapeError(`${id}: a variant names one edition and is listed under one status`);
    const value = obj(example.value, `${id}.value`);
    const facts = variants.get(of) ?? new Map<string, EditionFacts>();
    facts.set(edition, {
      status: statuses[0] as number,
      message: text(value.Message, `${id}.value.Message`),
      source: text(v.source, `${id}.x-edition-variant.source`) as EditionFacts['source'],
    });
    variants.set(of, facts);
  }
  const errors: CatalogueEntry[] = [];
  for (const [id, { example, statuses }] of listed) {
    if (example['x-edition-variant'] !== undefined) continue;
    const where = `example ${id}`;
    const value = obj(example.value, `${where}.value`);
    const xError = obj(example['x-error'], `${where}.x-error`);
    if (xError.id !== id) throw new CatalogueShapeError(`${where}: x-error.id is ${String(xError.id)}, expected ${id}`);
    if (statuses.length !== 1) throw new CatalogueShapeError(`${where}: listed under ${statuses.join(' and ')}`);
    const entryEditions = editionList(xError.editions, editions, `${where}.x-error.editions`) ?? editions.names;
    const when = (Array.isArray(xError.when) ? xError.when : []).map((t, i): Trigger => {
      const trigger = obj(t, `${where}.x-error.when[${i}]`);
      const own = editionList(trigger.editions, editions, `${where}.when[${i}].editions`);
      if (own?.some((e) => !entryEditions.includes(e)))
        throw new CatalogueShapeError(`${where}.when[${i}]: an edition the entry does not have`);
      return {
        order: Number(trigger.order),
        stage: text(trigger.stage, `${where}.when[${i}].stage`) as Trigger['stage'],
        check: text(trigger.check, `${where}.when[${i}].check`),
        condition: text(trigger.condition, `${where}.when[${i}].condition`),
        ...(typeof trigger.assumption === 'string' ? { assumption: trigger.assumption } : {}),
        editions: own ?? entryEditions,
      };
    });
    if (when.length === 0) throw new CatalogueShapeError(`${where}: x-error.when must list at least one trigger`);
    const own: EditionFacts = {
      status: statuses[0] as number,
      message:
        typeof xError.messageTemplate === 'string' ? xError.messageTemplate : text(value.Message, `${where}.Message`),
      source: text(xError.source, `${where}.x-error.source`) as EditionFacts['source'],
    };
    const other = variants.get(id);
    variants.delete(id);
    const perEdition = Object.fromEntries(entryEditions.map((e) => [e, other?.get(e) ?? own]));
    const main = perEdition[editions.default] ?? own;
    errors.push({
      id,
      status: main.status,
      code: text(value.Code, `${where}.value.Code`),
      message: main.message,
      source: main.source,
      description: text(xError.description, `${where}.x-error.description`),
      ...(typeof xError.note === 'string' ? { note: xError.note } : {}),
      ...(xError.appendsDetail === true ? { appendsDetail: true as const } : {}),
      ...(typeof xError.acceptedFor === 'string' ? { acceptedFor: xError.acceptedFor } : {}),
      editions: perEdition,
      when,
    });
  }
  if (variants.size > 0) throw new CatalogueShapeError(`variants of no entry: ${[...variants.keys()].join(', ')}`);
  const firstOrder = (e: CatalogueEntry) => Math.min(...e.when.map((t) => t.order));
  errors.sort((a, b) => firstOrder(a) - firstOrder(b) || a.id.localeCompare(b.id));
  return {
    errors,
    assumptions: obj(doc['x-assumptions'], 'x-assumptions'),
    editions,
    parameterRules: parameterRules(doc, editions),
    commonParameters: commonParameters(doc),
  };
}
