/** HTTP as plain data, so that the protocol layer serves node:http, MSW and tests alike. */

export interface WireRequest {
  method: string;
  /** Path and query string as received, e.g. `/?Action=CreateSnapshot&DiskId=d-1`. */
  url: string;
  /** A header by lower-case name. */
  header(name: string): string | undefined;
  /** The names of the headers sent, lower-case, when the adapter can list them (V3 checks that x-acs-* are signed). */
  headerNames?: () => string[];
  body: string;
  /** The body's bytes as received, when the adapter has them: V3 signs the bytes, not their UTF-8 reading. */
  bodyBytesRaw?: Uint8Array | undefined;
  /** Size of the body as received, when the adapter stopped reading it (over the limit): then `body` is empty. */
  bodyBytes?: number;
  /** How many headers the request had, when the adapter knows. */
  headerCount?: number;
}

export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type Pair = [string, string];

function decode(s: string): string {
  if (s.indexOf('+') !== -1) s = s.replace(/\+/g, ' ');
  if (s.indexOf('%') === -1) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    // A malformed escape stays as sent; the signature check then fails on it, which names the problem.
    return s;
  }
}

/** Parses `a=1&b=2` (a query string or an x-www-form-urlencoded body), `+` meaning space, into decoded pairs. */
export function parsePairs(text: string, into: Pair[] = []): Pair[] {
  if (text === '') return into;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('&', start);
    if (end === -1) end = text.length;
    if (end > start) {
      const eq = text.indexOf('=', start);
      if (eq === -1 || eq > end) into.push([decode(text.slice(start, end)), '']);
      else into.push([decode(text.slice(start, eq)), decode(text.slice(eq + 1, end))]);
    }
    start = end + 1;
  }
  return into;
}

export function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

export function queryOf(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? '' : url.slice(q + 1);
}
