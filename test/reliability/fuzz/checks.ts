/**
 * Checks of an answer: every way it breaks the contract (see index.ts) for the request it answers: the
 * format asked, the RequestId, a row of the catalogue with its message, the envelope against the OpenAPI
 * schema, and an answer the request may get. The ClientToken check across answers is the session's.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { assumptions, errorCatalogue, messageMatches } from '../../../src/catalogue.js';
import { schemaValidator } from '../../../src/openapi/document.js';
import { parseAuthorization } from '../../../src/protocol/signature-v3.js';
import type { Built } from './plans.js';
import type { HttpAnswer } from './send.js';
import { fromUtf8, pairsOf } from './wire.js';

const validator = schemaValidator();
const xml = new XMLParser({ parseTagValue: false, processEntities: true, ignoreDeclaration: true });

/** Node's view of the request's headers: names lower-cased, repeated Accept joined, the first Content-Type. */
function headerSeen(req: Built, name: string): string | undefined {
  const values = req.headers.filter(([n]) => n.toLowerCase() === name).map(([, v]) => v.trim());
  if (values.length === 0) return undefined;
  return name === 'accept' ? values.join(', ') : values[0];
}

/**
 * The format the answer must come in: the first Format parameter (query, then a form body) when it is JSON
 * or XML in any case; otherwise JSON when the Accept header contains "json" in any case (media types are
 * case-insensitive), XML when not
 * (x-assumptions.defaultFormat).
 */
export function expectedFormat(req: Built): 'JSON' | 'XML' {
  const q = req.path.indexOf('?');
  const pairs = q === -1 ? [] : pairsOf(req.path.slice(q + 1));
  const contentType = headerSeen(req, 'content-type')?.toLowerCase() ?? '';
  // A V3 request's body counts only when its SignedHeaders name content-type (the unsigned one could lie).
  const authorization = headerSeen(req, 'authorization') ?? '';
  const parsed = parseAuthorization(authorization);
  const signedHeaders = parsed.ok ? parsed.signedHeaders.map((h) => h.toLowerCase()) : [];
  const bodyCounts = !authorization.startsWith('ACS3-') || signedHeaders.includes('content-type');
  if (req.body.length > 0 && bodyCounts && contentType.includes('application/x-www-form-urlencoded'))
    pairs.push(...pairsOf(fromUtf8.decode(req.body)));
  const format = pairs.find(([name]) => name === 'Format')?.[1].toUpperCase();
  if (format === 'JSON' || format === 'XML') return format;
  return (headerSeen(req, 'accept') ?? '').toLowerCase().includes('json')
    ? 'JSON'
    : assumptions.defaultFormat === 'XML'
      ? 'XML'
      : 'JSON';
}

export interface Verdict {
  /** 'success', a catalogue id, or a short description of what came instead. */
  outcome: string;
  status: number;
  problems: string[];
  snapshotId?: string;
}

const rowsByCode = new Map<string, Array<(typeof errorCatalogue)[number]>>();
for (const row of errorCatalogue) rowsByCode.set(row.code, [...(rowsByCode.get(row.code) ?? []), row]);

function parseBody(body: string, format: 'JSON' | 'XML', problems: string[]): Record<string, unknown> | undefined {
  if (format === 'JSON') {
    try {
      const value = JSON.parse(body) as unknown;
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
      problems.push(`the JSON body is not an object: ${body.slice(0, 120)}`);
    } catch {
      problems.push(`the body is not JSON: ${body.slice(0, 120)}`);
    }
    return undefined;
  }
  const valid = XMLValidator.validate(body);
  if (valid !== true) {
    problems.push(`the body is not well-formed XML (${valid.err.msg}): ${body.slice(0, 120)}`);
    return undefined;
  }
  const doc = xml.parse(body) as Record<string, unknown>;
  const roots = Object.keys(doc);
  const root = roots[0];
  if (roots.length !== 1 || (root !== 'Error' && root !== 'CreateSnapshotResponse')) {
    problems.push(`the XML root is ${roots.join(', ')}, not Error or CreateSnapshotResponse`);
    return undefined;
  }
  const value = doc[root];
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

/** Whether a request target is valid on the wire: visible ASCII only. */
const isHttpToken = (target: string) => /^[\x21-\x7e]*$/.test(target);

/** Every way an answer breaks the contract (see index.ts). */
export function checkAnswer(req: Built, answer: HttpAnswer): Verdict {
  const problems: string[] = [];
  if (answer.error !== undefined) return { outcome: 'no answer', status: 0, problems: [`no answer: ${answer.error}`] };
  const format = expectedFormat(req);
  const contentType = String(answer.headers['content-type'] ?? '').toLowerCase();
  const wantType = format === 'JSON' ? 'application/json' : 'text/xml';
  // A request line that is not HTTP (raw bytes 0x80-0xFF) is refused before its headers are read: the
  // answer cannot know the format asked, so either documented one will do.
  const either =
    !isHttpToken(req.path) && (contentType.startsWith('application/json') || contentType.startsWith('text/xml'));
  if (!contentType.startsWith(wantType) && !either)
    problems.push(`${format} was asked, the content type is "${contentType}"`);
  const requestIdHeader = answer.headers['x-acs-request-id'];
  if (typeof requestIdHeader !== 'string' || requestIdHeader === '') problems.push('no x-acs-request-id header');
  const allowedStatuses = new Set<number | undefined>(
    [...req.expect.ids].map((id) => (id === 'success' ? 200 : errorCatalogue.find((e) => e.id === id)?.status)),
  );

  if (req.method === 'HEAD') {
    if (answer.body !== '') problems.push('a HEAD answer with a body');
    if (!allowedStatuses.has(answer.status))
      problems.push(`unexpected HEAD ${answer.status}, want ${[...req.expect.ids].join(' | ')} — ${req.expect.why}`);
    return { outcome: `HEAD ${answer.status}`, status: answer.status, problems };
  }

  // Read in the format it came in (the mismatch is already a problem), to name what came.
  const came = contentType.startsWith('application/json')
    ? 'JSON'
    : contentType.startsWith('text/xml')
      ? 'XML'
      : format;
  const body = parseBody(answer.body, came, problems);
  if (body === undefined) return { outcome: `undocumented ${answer.status}`, status: answer.status, problems };
  if (body.RequestId !== requestIdHeader)
    problems.push(`RequestId ${String(body.RequestId)} ≠ header ${String(requestIdHeader)}`);

  if (answer.status === 200) {
    for (const p of validator.check('CreateSnapshotResponse', body)) problems.push(`success body: ${p}`);
    if (!req.expect.ids.has('success'))
      problems.push(
        `unexpected success, want ${[...req.expect.ids].join(' | ')} — ${req.expect.why}; SnapshotId ${String(body.SnapshotId)}`,
      );
    return {
      outcome: 'success',
      status: 200,
      problems,
      ...(typeof body.SnapshotId === 'string' ? { snapshotId: body.SnapshotId } : {}),
    };
  }

  for (const p of validator.check('ErrorResponse', body)) problems.push(`error envelope: ${p}`);
  const code = String(body.Code);
  const message = String(body.Message ?? '');
  const rows = (rowsByCode.get(code) ?? []).filter((row) => row.status === answer.status);
  const row = rows.find((r) => messageMatches(r, message));
  if (row === undefined) {
    problems.push(
      rows.length === 0
        ? `${answer.status} ${code} is not a row of the catalogue`
        : `message of ${code} not the catalogue's: "${message.slice(0, 200)}"`,
    );
    return { outcome: `undocumented ${answer.status} ${code}`, status: answer.status, problems };
  }
  const id = row.id as string;
  const allowed = req.expect.ids.has(id) || (id === 'InternalError-exception' && req.expect.ids.has('InternalError'));
  if (!allowed)
    problems.push(
      `unexpected ${id}, want ${[...req.expect.ids].join(' | ')} — ${req.expect.why}; ${message.slice(0, 300)}`,
    );
  else if ((id === 'InvalidParameter' || id === 'MissingParameter') && req.expect.names !== undefined) {
    const name = /"(.*)"/s.exec(message)?.[1] ?? '';
    if (!req.expect.names.has(name))
      problems.push(
        `unexpected ${code} naming "${name}", want one of ${[...req.expect.names].join(', ')} — ${req.expect.why}`,
      );
  }
  return { outcome: id, status: answer.status, problems };
}

export function describeRequest(req: Built): string {
  const body = fromUtf8.decode(req.body);
  const shownBody = body.length > 300 ? `${body.slice(0, 300)}… (${req.body.length} bytes)` : body;
  return [
    `${req.method} ${req.path.length > 600 ? `${req.path.slice(0, 600)}… (${req.path.length})` : req.path}`,
    ...req.headers.map(([n, v]) => `${n}: ${v.length > 200 ? `${v.slice(0, 200)}…` : v}`),
    ...(req.chunked ? ['(chunked)'] : []),
    '',
    shownBody,
  ].join('\n');
}
