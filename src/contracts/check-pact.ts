/**
 * Contracts against the description, with no broker: every interaction of a pact checked against the
 * OpenAPI document. The request's parameters must be documented and valid (or the response must be the
 * documented error for what is wrong with them); the response's status must be listed, its body valid
 * for it, and an error must be a row of the catalogue with that status.
 */
import {
  DEFAULT_EDITION,
  type Edition,
  type EditionFacts,
  errorCatalogue,
  findCatalogueEntry,
  messageMatches,
} from '../catalogue.js';
import { parseCreateSnapshotInput } from '../core/create-snapshot-input.js';
import { openapiDocument, type SchemaValidator, schemaValidator } from '../openapi/document.js';
import { COMMON_PARAMETERS } from '../protocol/api-request.js';
import { parsePairs } from '../protocol/wire.js';

interface PactInteraction {
  description?: string;
  request?: {
    method?: string;
    path?: string;
    query?: Record<string, string[]>;
    headers?: Record<string, string[] | string>;
    body?: { content?: unknown; contentType?: string };
  };
  response?: {
    status?: number;
    headers?: Record<string, string[] | string>;
    body?: { content?: unknown; contentType?: string };
  };
}

const first = (v: string[] | string | undefined) => (Array.isArray(v) ? v[0] : v);

function lowerHeaders(headers: Record<string, string[] | string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) out[k.toLowerCase()] = first(v) ?? '';
  return out;
}

function documentedHeaders(): string[] {
  const doc = openapiDocument() as { components: { parameters: Record<string, { in: string; name: string }> } };
  return Object.values(doc.components.parameters)
    .filter((p) => p.in === 'header')
    .map((p) => p.name);
}

function listedStatuses(): Set<string> {
  const doc = openapiDocument() as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
  return new Set(Object.keys(doc.paths['/']?.get?.responses ?? {}));
}

export function checkInteraction(
  interaction: PactInteraction,
  validator: SchemaValidator,
  edition: Edition = DEFAULT_EDITION,
): string[] {
  const problems: string[] = [];
  const request = interaction.request ?? {};
  const response = interaction.response ?? {};
  const method = (request.method ?? '').toUpperCase();
  if (method !== 'GET' && method !== 'POST')
    problems.push(`request method ${method}: the description has GET and POST only`);
  if ((request.path ?? '/') !== '/') problems.push(`request path ${request.path}: the description has only "/"`);

  // Parameters: query and (POST) form body together.
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(request.query ?? {})) params[k] = first(v) ?? '';
  const requestHeaders = lowerHeaders(request.headers);
  const body = request.body?.content;
  if (
    typeof body === 'string' &&
    (request.body?.contentType ?? requestHeaders['content-type'] ?? '').includes('x-www-form-urlencoded')
  ) {
    for (const [k, v] of parsePairs(body)) params[k] ??= v;
  }
  const schemaProblems = validator.check('CreateSnapshotParameters', params);
  // Tag.N.* with N outside 1..20 is a documented parameter out of its range, not an unknown one.
  const outOfRangeTag = (p: string) => /unknown parameter Tag\.\d+\.(Key|Value|key|value)$/.test(p);
  const unknown = schemaProblems.filter((p) => p.includes('unknown parameter') && !outOfRangeTag(p));
  for (const p of unknown) problems.push(`request: ${p} (not in the description)`);
  const invalid = schemaProblems.filter((p) => !unknown.includes(p));
  if (method === 'GET' && params.DiskId === undefined) invalid.push('DiskId: required in the query of a GET');

  // Documented headers carry valid values.
  for (const name of documentedHeaders()) {
    const value = requestHeaders[name];
    if (value !== undefined) {
      for (const p of validator.checkAt(`/components/parameters/${name}/schema`, value))
        problems.push(`request header ${name}: ${p}`);
    }
  }

  // Response.
  const status = response.status ?? 0;
  if (!listedStatuses().has(String(status))) problems.push(`response status ${status}: not listed for the operation`);
  const content = response.body?.content;
  const contentType = lowerHeaders(response.headers)['content-type'] ?? response.body?.contentType ?? '';
  if (!/^(application\/json|text\/xml)/.test(contentType))
    problems.push(`response content type "${contentType}": the description has application/json and text/xml`);
  if (status === 200) {
    for (const p of validator.check('CreateSnapshotResponse', content)) problems.push(`response body (200): ${p}`);
    if (invalid.length > 0) problems.push(`request: ${invalid.join('; ')}, yet the response is a success`);
    return problems;
  }
  for (const p of validator.check('ErrorResponse', content)) problems.push(`response body (${status}): ${p}`);
  const { Code: code, Message: message } = (content ?? {}) as { Code?: string; Message?: string };
  const entry = code === undefined ? undefined : findCatalogueEntry(code);
  if (entry === undefined) {
    problems.push(`response: code ${code} is not a documented error`);
    return problems;
  }
  // Every row of the code (InternalError and NotEnoughBalance have two), as any edition states it.
  const rows = errorCatalogue.filter((e) => e.code === code);
  const statuses = rows.flatMap((e) => Object.values(e.editions as Record<string, EditionFacts>).map((f) => f.status));
  if (!statuses.includes(status))
    problems.push(`response: ${code} is documented with status ${entry.status}, not ${status}`);
  if (!rows.some((e) => messageMatches(e, message ?? '')))
    problems.push(`response: message "${message}" is not the documented message of ${code}`);
  if (invalid.length > 0) {
    // A request that breaks a parameter rule must get the documented error for it.
    const api: Record<string, string> = {};
    for (const [k, v] of Object.entries(params)) if (!COMMON_PARAMETERS.has(k)) api[k] = v;
    const verdict = parseCreateSnapshotInput(api, edition);
    const wanted = verdict.ok ? undefined : findCatalogueEntry(verdict.error.id);
    if (wanted?.code !== code) {
      problems.push(
        `request: ${invalid.join('; ')}, so the answer must be ${wanted?.code ?? 'a parameter error'}, not ${code}`,
      );
    }
  }
  return problems;
}

/** Every problem of a pact file of an edition of the page, each naming the pact, the interaction and the rule. */
export function checkPact(pact: unknown, pactName: string, edition: Edition = DEFAULT_EDITION): string[] {
  const validator = schemaValidator({ coerce: true });
  const interactions = (pact as { interactions?: PactInteraction[] }).interactions ?? [];
  if (interactions.length === 0) return [`${pactName}: no interactions`];
  return interactions.flatMap((interaction) =>
    checkInteraction(interaction, validator, edition).map(
      (p) => `${pactName}, interaction "${interaction.description}": ${p}`,
    ),
  );
}
