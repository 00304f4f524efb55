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
}

/**
 * @param coerce wire values are strings: with `coerce`, "30" is accepted where an integer is asked.
 *        The value passed in is copied first, since Ajv coerces in place.
 */
export function schemaValidator({ coerce = false }: { coerce?: boolean } = {}): SchemaValidator {
  const ajv = new Ajv2020({ strict: false, allErrors: true, coerceTypes: coerce, validateFormats: true });
  addFormats.default(ajv);
  ajv.addSchema(openapiDocument(), 'openapi');
  const compiled = new Map<string, ValidateFunction>();
  return {
    check(name, value) {
      let validate = compiled.get(name);
      if (validate === undefined) {
        validate = ajv.getSchema(`openapi#/components/schemas/${name}`);
        if (validate === undefined) throw new Error(`No schema named ${name} in components.schemas`);
        compiled.set(name, validate);
      }
      const copy = structuredClone(value);
      return validate(copy) ? [] : (validate.errors ?? []).map(describe);
    },
  };
}

function describe(error: ErrorObject): string {
  const where = error.instancePath === '' ? '(root)' : error.instancePath.slice(1).replace(/\//g, '.');
  if (error.keyword === 'additionalProperties')
    return `${where}: unknown parameter ${String(error.params.additionalProperty)}`;
  return `${where}: ${error.message ?? error.keyword}`;
}
