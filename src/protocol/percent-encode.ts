/**
 * Alibaba Cloud RPC percent-encoding and canonical query strings.
 *
 * See /work/shared/reference/wire-protocol.md, section "Signature algorithms": `pe(s)` works on the UTF-8
 * bytes of `s`; only `A-Z a-z 0-9 - _ . ~` stay literal and every other byte becomes `%XX` in upper-case
 * hex. Both V1 and V3 build their canonical query with it, so a server must decode incoming values first
 * and re-encode them here (clients put `* ( ) ! ~` on the wire unencoded).
 */

/** A query or form parameter after decoding: `[name, value]`. Repeated names are allowed. */
export type ParamPair = readonly [string, string];

// encodeURIComponent already emits UTF-8 `%XX` in upper-case hex and leaves exactly the unreserved set
// literal, except for these five, which RFC 3986 calls sub-delims but Alibaba wants encoded.
const SUB_DELIMS = /[!'()*]/g;
const SUB_DELIM_CODES: Readonly<Record<string, string>> = {
  '!': '%21',
  "'": '%27',
  '(': '%28',
  ')': '%29',
  '*': '%2A',
};

const UNRESERVED = /^[A-Za-z0-9_.~-]*$/;

function encodeSubDelim(c: string): string {
  return SUB_DELIM_CODES[c] ?? c;
}

/** Percent-encodes `s` the way Alibaba Cloud signatures expect (`pe` in the reference). */
export function percentEncode(s: string): string {
  // Hot path: most names and values (DiskId, Action, nonces, hex) need no encoding at all.
  if (UNRESERVED.test(s)) return s;
  let out: string;
  try {
    out = encodeURIComponent(s);
  } catch {
    // encodeURIComponent throws URIError on a lone surrogate. TextEncoder (and every client that
    // serialises the string to UTF-8 before sending it) replaces it with U+FFFD, so do the same rather
    // than letting a malformed parameter crash the verifier.
    out = encodeURIComponent(replaceLoneSurrogates(s));
  }
  // One scan per string, not per character: most parameters contain none of the five.
  return out.replace(SUB_DELIMS, encodeSubDelim);
}

function replaceLoneSurrogates(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += String.fromCharCode(c, next);
        i++;
        continue;
      }
      out += '\uFFFD';
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      out += '\uFFFD';
    } else {
      out += String.fromCharCode(c);
    }
  }
  return out;
}

/** Plain code-unit order. Encoded strings are ASCII, so this is byte order (never locale order). */
function compareAscii(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * `join("&", sort-by-encoded-name(pe(name) + "=" + pe(value)))`, ties broken by encoded value.
 *
 * Sorting happens after encoding (so `Tag.1.Key` < `Tag.10.Key` and `%C3%A9` < `z`), and by name first
 * rather than by the joined `name=value` string (so `a=1` comes before `a-b=1`), matching the SDKs, which
 * sort the parameter names.
 */
export function canonicalQuery(params: ReadonlyArray<ParamPair>): string {
  const encoded: Array<[string, string]> = new Array(params.length);
  for (let i = 0; i < params.length; i++) {
    const [name, value] = params[i] as ParamPair;
    encoded[i] = [percentEncode(name), percentEncode(value)];
  }
  encoded.sort((x, y) => compareAscii(x[0], y[0]) || compareAscii(x[1], y[1]));
  let out = '';
  for (let i = 0; i < encoded.length; i++) {
    const [name, value] = encoded[i] as [string, string];
    out += i === 0 ? `${name}=${value}` : `&${name}=${value}`;
  }
  return out;
}
