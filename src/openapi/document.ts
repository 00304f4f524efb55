/**
 * The OpenAPI description at run time, for tools that check traffic against it
 * (contract checks, the conformance CLI, fuzzing). Node only: it reads the YAML from disk.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { packageRoot } from './package-root.js';

export const openapiPath = (): string => join(packageRoot(), 'openapi', 'ecs-createsnapshot.yaml');

let cached: Record<string, unknown> | undefined;

/** The parsed document. Treat it as read-only: it is shared. */
export function openapiDocument(): Record<string, unknown> {
  cached ??= parse(readFileSync(openapiPath(), 'utf8')) as Record<string, unknown>;
  return cached;
}

export interface SchemaValidator {
  /** Validates `value` against `#/components/schemas/<name>`; returns readable problems, empty when valid. */
  check(name: string, value: unknown): string[];
  /** Validates `value` against the schema at a JSON pointer of the document, e.g. `/components/parameters/x-acs-date/schema`. */
  checkAt(pointer: string, value: unknown): string[];
}

/**
 * @param coerce wire values are strings: with `coerce`, "30" is accepted where an integer is asked.
 *        The value passed in is copied first, since Ajv coerces in place.
 */
export function schemaValidator({ coerce = false }: { coerce?: boolean } = {}): SchemaValidator {
  const ajv = new Ajv2020({ strict: false, allErrors: true, coerceTypes: coerce, validateFormats: true });
  addFormats.default(ajv);
  // `x-case-insensitive` (Category): a value equal to an enum member in another letter case is read as that member.
  ajv.addKeyword({
    keyword: 'x-case-insensitive',
    before: 'enum',
    modifying: true,
    schemaType: 'boolean',
    validate: (
      on: boolean,
      data: unknown,
      parent?: { enum?: unknown[] },
      at?: { parentData: unknown; parentDataProperty: string | number },
    ) => {
      if (
        !on ||
        typeof data !== 'string' ||
        at === undefined ||
        typeof at.parentData !== 'object' ||
        at.parentData === null
      )
        return true;
      const member = parent?.enum?.find((m) => typeof m === 'string' && m.toLowerCase() === data.toLowerCase());
      if (member !== undefined) (at.parentData as Record<string | number, unknown>)[at.parentDataProperty] = member;
      return true;
    },
  });
  ajv.addSchema(openapiDocument(), 'openapi');
  const compiled = new Map<string, ValidateFunction>();
  const checkAt = (pointer: string, value: unknown) => {
    let validate = compiled.get(pointer);
    if (validate === undefined) {
      validate = ajv.getSchema(`openapi#${pointer}`);
      if (validate === undefined) throw new Error(`No schema at ${pointer} in the OpenAPI document`);
      compiled.set(pointer, validate);
    }
    const copy = structuredClone(value);
    return validate(copy) ? [] : (validate.errors ?? []).map(describe);
  };
  return { check: (name, value) => checkAt(`/components/schemas/${name}`, value), checkAt };
}

function describe(error: ErrorObject): string {
  const where = error.instancePath === '' ? '(root)' : error.instancePath.slice(1).replace(/\//g, '.');
  if (error.keyword === 'additionalProperties')
    return `${where}: unknown parameter ${String(error.params.additionalProperty)}`;
  return `${where}: ${error.message ?? error.keyword}`;
}
