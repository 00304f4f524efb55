/**
 * Building a raw plan: its segments and headers made bytes (times filled in, kept within BOUNDS), answered
 * at or before the signature check; or, for a plan past a limit, made just too large in that one way.
 */
import { assumptions, checksOf } from '../../../src/catalogue.js';
import { V1_REQUIRED } from '../../../src/protocol/api-request.js';
import { timestampOf } from '../../../src/protocol/sign-request.js';
import { isControlPlane } from './generators-common.js';
import {
  BOUNDS,
  type BuildContext,
  type Built,
  FUTURE,
  NOW,
  NOW_MS,
  OLD,
  type RawPlan,
  type Segment,
} from './plans.js';
import { encode, pairsOf, pe, utf8 } from './wire.js';

export function fillTime(value: string, now: number): string {
  switch (value) {
    case NOW:
      return timestampOf(new Date(now));
    case NOW_MS:
      return `${new Date(now).toISOString().slice(0, 23)}Z`;
    case OLD:
      return timestampOf(new Date(now - 1_200_000));
    case FUTURE:
      return timestampOf(new Date(now + 1_200_000));
    default:
      return value;
  }
}

function encodeSegment(s: Segment, now: number): string {
  if ('literal' in s) return s.literal;
  const value = fillTime(s.value, now);
  switch (s.enc) {
    case 'pe':
      return `${pe(s.name)}=${pe(value)}`;
    case 'loose':
      return `${encode(s.name, 'loose')}=${encode(value, 'plus')}`;
    case 'latin1': {
      // Characters 0x80-0xFF go on the wire as single raw bytes; the rest percent-encoded.
      const latin = (t: string) =>
        [...t].map((c) => (c.charCodeAt(0) >= 0x80 && c.charCodeAt(0) <= 0xff ? c : pe(c))).join('');
      return `${latin(s.name)}=${latin(value)}`;
    }
    case 'garbage': {
      const e = `${pe(s.name)}=${pe(value)}`;
      const at = s.at % (e.length + 1);
      return e.slice(0, at) + s.junk + e.slice(at);
    }
  }
}

/** Drops trailing segments until the query fits the bound. */
function fitQuery(parts: string[], bound: number): string {
  let query = parts.join('&');
  while (parts.length > 0 && Buffer.byteLength(query, 'latin1') > bound) {
    parts.pop();
    query = parts.join('&');
  }
  return query;
}

const GATEWAY_BEFORE_SIGNATURE = (() => {
  const gateway = checksOf('gateway');
  const mismatch = gateway.find((c) => c.check === 'signature.mismatch');
  if (mismatch === undefined) throw new Error('the catalogue has no signature.mismatch check');
  return new Set(gateway.filter((c) => c.order <= mismatch.order).map((c) => c.entry.id as string));
})();
/** Names the gateway's InvalidParameter and MissingParameter may carry (from their conditions in the catalogue). */
const GATEWAY_NAMES = new Set([
  'x-acs-signature-nonce',
  'Format',
  'SignatureType',
  'URL',
  'request body',
  'headers',
  'parameters',
  'Action',
  'Version',
  ...V1_REQUIRED,
]);

export function buildRaw(p: RawPlan, ctx: BuildContext): Built {
  const now = ctx.now();
  const query = fitQuery(
    p.query.map((s) => encodeSegment(s, now)),
    BOUNDS.maxUrlBytes - Buffer.byteLength(p.path, 'latin1'),
  );
  const url = isControlPlane(p.path) ? `/x${p.path}` : p.path;
  const fullPath = query === '' && !p.path.includes('?') ? url : `${url}${p.path.includes('?') ? '&' : '?'}${query}`;
  let body: Uint8Array;
  switch (p.body.kind) {
    case 'none':
      body = new Uint8Array();
      break;
    case 'form':
      body = utf8.encode(p.body.segments.map((s) => encodeSegment(s, now)).join('&'));
      break;
    case 'text':
      body = utf8.encode(p.body.text);
      break;
    case 'bytes':
      body = p.body.bytes;
      break;
    case 'json':
      body = utf8.encode(JSON.stringify(p.body.value) ?? 'null');
      break;
  }
  if (p.method === 'HEAD') body = new Uint8Array();
  body = body.subarray(0, BOUNDS.maxBodyBytes);
  let headers: Array<[string, string]> = p.headers.map(([name, value]) => [name, fillTime(value, now)]);
  if (p.contentType !== undefined) headers.push(['content-type', p.contentType]);
  headers = headers.slice(0, BOUNDS.maxHeaders);
  const built: Built = {
    method: p.method,
    path: fullPath,
    headers,
    body,
    chunked: p.chunked && body.length > 0,
    zeroLength: p.zeroLength,
    expect: {
      ids: GATEWAY_BEFORE_SIGNATURE,
      names: GATEWAY_NAMES,
      why: 'not correctly signed: refused at or before the signature check',
    },
  };
  return p.oversize === undefined ? built : oversized(built, p.oversize);
}

/** The request made just too large in one way; its answer: the method's refusal, or the limit's. */
function oversized(b: Built, { what, by }: NonNullable<RawPlan['oversize']>): Built {
  const { limits } = assumptions;
  const method = b.method === 'HEAD' ? 'GET' : b.method;
  // Only this one bound is passed: the others are kept well inside.
  // Visible ASCII only: a request line Node cannot parse is refused before any limit is looked at.
  const clean = b.path.replace(/[^\x21-\x7e]/g, '');
  const q = clean.indexOf('?');
  let path = q === -1 ? clean : clean.slice(0, q + 1 + 2000);
  let headers = b.headers.filter(([n]) => n.toLowerCase() !== 'content-type').slice(0, 20);
  let body = b.body.subarray(0, 4096);
  const sep = path.includes('?') ? '&' : '?';
  if (what === 'URL') path = `${path}${sep}x=${'u'.repeat(limits.maxUrlBytes + by - path.length - 3)}`;
  if (what === 'parameters') {
    const pairs = path.includes('?') ? pairsOf(path.slice(path.indexOf('?') + 1)).length : 0;
    const more = Array.from({ length: limits.maxParameters + by - pairs }, (_, i) => `p${i}=v`).join('&');
    path = `${path}${sep}${more}`;
    body = new Uint8Array();
  }
  if (what === 'request body') body = new Uint8Array(limits.maxBodyBytes + by).fill(0x61);
  if (what === 'headers')
    headers = [
      ...headers,
      ...Array.from({ length: limits.maxHeaders + by }, (_, i): [string, string] => [`x-many-${i}`, 'v']),
    ];
  headers.push(['content-type', 'text/plain']);
  const ids = new Set([method === 'GET' || method === 'POST' ? 'InvalidParameter' : 'UnsupportedHTTPMethod']);
  return {
    ...b,
    method,
    path,
    headers,
    body,
    chunked: false,
    expect: { ids, names: new Set([what]), why: `over the ${what} limit` },
  };
}
