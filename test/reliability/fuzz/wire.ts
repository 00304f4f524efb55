/**
 * Names and values on the wire and back: UTF-8, percent-encoding in each wire style, and the decoding of
 * a query or form the way the wire protocol reads it.
 */
import { percentEncode } from '../../../src/protocol/percent-encode.js';
import type { WireStyle } from './plans.js';

export const utf8 = new TextEncoder();
export const fromUtf8 = new TextDecoder('utf-8');

/** pe with lone surrogates as U+FFFD, as every client that encodes UTF-8 sends them. */
export const pe = percentEncode;
export function encode(text: string, style: WireStyle): string {
  const e = pe(text);
  if (style === 'pe') return e;
  if (style === 'plus') return e.replace(/%20/g, '+');
  // As encodeURIComponent leaves them: clients put these on the wire unencoded.
  return e.replace(/%2[1789A]/g, (m) => decodeURIComponent(m));
}
export const encodePairs = (pairs: ReadonlyArray<readonly [string, string]>, style: WireStyle) =>
  pairs.map(([k, v]) => `${encode(k, style)}=${encode(v, style)}`).join('&');

/** Decodes a query or form component as the wire protocol says: '+' is a space; a malformed escape stays as sent. */
function decodeComponent(s: string): string {
  const spaced = s.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}
export function pairsOf(text: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const part of text.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    out.push(
      eq === -1
        ? [decodeComponent(part), '']
        : [decodeComponent(part.slice(0, eq)), decodeComponent(part.slice(eq + 1))],
    );
  }
  return out;
}
