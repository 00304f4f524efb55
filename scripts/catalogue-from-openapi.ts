/**
 * Reads the error catalogue out of the OpenAPI document: one entry per named JSON error example
 * under components.responses.Error<status>, with the x-error extension saying when it happens.
 * Throws (a programmer/author mistake, not a runtime condition) when the document breaks the shape.
 */

export interface Trigger {
  order: number;
  stage: 'gateway' | 'fault' | 'parameters' | 'idempotency' | 'preconditions';
  check: string;
  condition: string;
  assumption?: string;
}

export interface CatalogueEntry {
  id: string;
  status: number;
  code: string;
  message: string;
  source: 'page' | 'common';
  description: string;
  note?: string;
  /** The wire message continues after the documented text (SignatureDoesNotMatch: the server's string to sign). */
  appendsDetail?: true;
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
];
const RULE_KEYWORDS = ['minLength', 'maxLength', 'pattern', 'minimum', 'maximum', 'enum'];

function parameterRules(doc: Json): Record<string, Json> {
  const schemas = obj(obj(doc.components, 'components').schemas, 'components.schemas');
  return Object.fromEntries(
    RULE_SCHEMAS.map((name) => {
      const schema = obj(schemas[name], `components.schemas.${name}`);
      return [name, Object.fromEntries(RULE_KEYWORDS.filter((k) => k in schema).map((k) => [k, schema[k]]))];
    }),
  );
}

export function buildCatalogue(spec: unknown): {
  errors: CatalogueEntry[];
  assumptions: Json;
  parameterRules: Record<string, Json>;
} {
  const doc = obj(spec, 'the document');
  const components = obj(doc.components, 'components');
  const responses = obj(components.responses, 'components.responses');
  const errors: CatalogueEntry[] = [];
  for (const [name, responseValue] of Object.entries(responses)) {
    const status = /^Error(\d{3})$/.exec(name)?.[1];
    if (status === undefined) continue;
    const response = resolve(doc, responseValue, `components.responses.${name}`);
    const content = obj(response.content, `${name}.content`);
    const examples = obj(obj(content['application/json'], `${name} application/json`).examples, `${name} examples`);
    for (const [id, exampleRef] of Object.entries(examples)) {
      const where = `components.responses.${name} example ${id}`;
      const example = resolve(doc, exampleRef, where);
      const value = obj(example.value, `${where}.value`);
      const xError = obj(example['x-error'], `${where}.x-error`);
      if (xError.id !== id)
        throw new CatalogueShapeError(`${where}: x-error.id is ${String(xError.id)}, expected ${id}`);
      const when = (Array.isArray(xError.when) ? xError.when : []).map((t, i) => {
        const trigger = obj(t, `${where}.x-error.when[${i}]`);
        return {
          order: Number(trigger.order),
          stage: text(trigger.stage, `${where}.when[${i}].stage`) as Trigger['stage'],
          check: text(trigger.check, `${where}.when[${i}].check`),
          condition: text(trigger.condition, `${where}.when[${i}].condition`),
          ...(typeof trigger.assumption === 'string' ? { assumption: trigger.assumption } : {}),
        };
      });
      if (when.length === 0) throw new CatalogueShapeError(`${where}: x-error.when must list at least one trigger`);
      errors.push({
        id,
        status: Number(status),
        code: text(value.Code, `${where}.value.Code`),
        message:
          typeof xError.messageTemplate === 'string'
            ? xError.messageTemplate
            : text(value.Message, `${where}.value.Message`),
        source: text(xError.source, `${where}.x-error.source`) as CatalogueEntry['source'],
        description: text(xError.description, `${where}.x-error.description`),
        ...(typeof xError.note === 'string' ? { note: xError.note } : {}),
        ...(xError.appendsDetail === true ? { appendsDetail: true as const } : {}),
        when,
      });
    }
  }
  const firstOrder = (e: CatalogueEntry) => Math.min(...e.when.map((t) => t.order));
  errors.sort((a, b) => firstOrder(a) - firstOrder(b) || a.id.localeCompare(b.id));
  return { errors, assumptions: obj(doc['x-assumptions'], 'x-assumptions'), parameterRules: parameterRules(doc) };
}
