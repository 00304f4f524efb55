/**
 * What the HTTP layer refuses, and what it tells of a refused request: the documented refusal (named as
 * x-assumptions.limits names what is too large or unreadable) and what had arrived, bounded.
 */
import { assumptions } from '../catalogue.js';

/** What the server refuses before a request exists, named as x-assumptions.limits names it. */
export type Refusal = 'URL' | 'headers' | 'request body';

/** What had arrived of a refused request, each part bounded (`RECEIVED_BYTES`). */
export interface Arrived {
  method?: string;
  target?: string;
  /** The bytes (latin1) where the parser stopped, when it did. */
  near?: string;
  /** llhttp's reason, such as HPE_INVALID_HEADER_TOKEN, or the rule this layer applied. */
  reason: string;
}

/** A bound on what a refusal keeps of the request (x-assumptions.limits.refusalEchoBytes). */
export const RECEIVED_BYTES = assumptions.limits.refusalEchoBytes;
export const bounded = (s: string) => (s.length > RECEIVED_BYTES ? `${s.slice(0, RECEIVED_BYTES)}…` : s);

/**
 * The method and target of a request line llhttp did not accept (or whose headers it did not): the text before
 * the first space, and from there to the last " HTTP/" (or the line's end), each bounded. Only what arrived is
 * told: nothing is judged here.
 */
export function requestLineOf(start: Buffer): { method?: string; target?: string } {
  const text = start.toString('latin1');
  const end = text.search(/[\r\n]/);
  const line = end === -1 ? text : text.slice(0, end);
  const space = line.indexOf(' ');
  if (space <= 0) return {};
  const version = line.lastIndexOf(' HTTP/');
  const target = line.slice(space + 1, version > space ? version : line.length);
  return { method: bounded(line.slice(0, space)), target: bounded(target) };
}

/**
 * The method of the last request line in `text` (what arrived before the parser stopped, when where the request
 * began is not known): a complete request line, else the line being read. Undefined when there is none.
 */
export function lastMethodBefore(text: string): string | undefined {
  let method: string | undefined;
  for (const m of text.matchAll(/(?:^|\n)([!#$%&'*+.^_`|~0-9A-Za-z-]+) [^\r\n]* HTTP\/\d\.\d\r?\n/g)) method = m[1];
  const current = /(?:^|\n)([A-Z]+) [^\n]*$/.exec(text);
  return current?.[1] ?? method;
}

/** What llhttp reads but this API cannot have: the refusal and why, or undefined. */
export function refusalOfHead(
  major: number,
  minor: number,
  method: string,
  hosts: number,
  transferEncoding: string | undefined,
): [Refusal, string] | undefined {
  if (major !== 1 || minor > 1) return ['URL', 'an HTTP version other than 1.0 and 1.1'];
  if (method === 'CONNECT') return ['URL', 'CONNECT'];
  // RFC 9112 3.2: exactly one Host in HTTP/1.1, at most one in 1.0.
  if (hosts > 1 || (minor === 1 && hosts === 0)) return ['headers', 'Host missing or repeated'];
  if (transferEncoding !== undefined && transferEncoding.toLowerCase() !== 'chunked')
    return ['headers', 'a transfer coding other than chunked'];
  return undefined;
}

/** Which part of the request an llhttp error is in, as the documented refusal names it. */
export function refusalOf(code: string, headersDone: boolean): Refusal {
  if (headersDone) return 'request body';
  if (code === 'HPE_INVALID_METHOD' || code === 'HPE_INVALID_URL' || code === 'HPE_INVALID_CONSTANT') return 'URL';
  if (code === 'HPE_INVALID_VERSION') return 'URL';
  return 'headers';
}
