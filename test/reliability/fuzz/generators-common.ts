/**
 * What the generators of requests share: fast-check helpers (pick, weighted), any text, the names and
 * characters requests are drawn from, and the generators of paths and headers both kinds of plan use.
 */
import fc from 'fast-check';
import { defaultFixtures } from '../../../src/core/default-world.js';
import { COMMON_PARAMETERS } from '../../../src/protocol/api-request.js';
import { V3_SIGNED_HEADERS } from '../../../src/protocol/sign-request.js';
import { NOW } from './plans.js';

export const FIXTURE_DISK_IDS = defaultFixtures.map((f) => f.diskId);
export const COMMON = [...COMMON_PARAMETERS];
export const API_NAMES = ['DiskId', 'SnapshotName', 'Description', 'RetentionDays', 'Category', 'ClientToken'];
export const OTHER_API_NAMES = [
  'ResourceGroupId',
  'OwnerId',
  'OwnerAccount',
  'ResourceOwnerId',
  'ResourceOwnerAccount',
];
export const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];
const TOKEN_CHARS = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
export const HEADER_VALUE_CHARS = (() => {
  let s = '\t';
  for (let c = 0x20; c <= 0x7e; c++) s += String.fromCharCode(c);
  for (let c = 0x80; c <= 0xff; c++) s += String.fromCharCode(c);
  return [...s];
})();
const LONE_SURROGATES = ['\uD800', 'a\uDC00b', '\uDBFF\uDBFF', 'x\uD83D'];

export const pick = <T>(values: readonly T[]) => fc.constantFrom(...values);
export const weighted = <T>(...pairs: Array<[number, fc.Arbitrary<T>]>) =>
  fc.oneof(...pairs.map(([weight, arbitrary]) => ({ weight, arbitrary })));
export const repeat = (unit: string, n: number) => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);

/** Any text: printable unicode, any code point, lone surrogates, control characters. */
export const anyText = (maxLength = 24): fc.Arbitrary<string> =>
  weighted<string>(
    [4, fc.string({ unit: 'grapheme', maxLength })],
    [3, fc.string({ unit: 'binary', maxLength })],
    [2, fc.string({ unit: 'binary-ascii', maxLength })],
    [1, pick(LONE_SURROGATES)],
    [1, pick(['', ' ', '+', '%', '%zz', '%E0%A4', '&', '=', '&=&', '\u0000', '\r\n', '😀', '快照', 'a'.repeat(300)])],
  );

export const acceptValue = weighted<string>(
  [4, pick(['application/json', 'text/xml', 'application/xml', '*/*', 'text/html, application/json;q=0.9'])],
  [3, pick(['application/JSON', 'Application/Json', 'text/json', 'json', 'application/jsonx', 'xml', '', ' ', ','])],
  [2, fc.string({ unit: pick(HEADER_VALUE_CHARS), maxLength: 30 })],
);

/** Any path but the root works as well: the API answers at every path outside /_sim/. */
export const path = weighted<string>(
  [12, fc.constant('/')],
  [2, pick(['/ecs', '/ecs/', '//', '/?', '/_sim', '/_SIM/reset', '/_sim%2Freset', '/%zz', '/;x', '/a/b/c', '/..'])],
  [1, pick(['/../_sim/health', '/./_sim/world', '/%2e%2e/x', '/index.html', '/*', '/%C3%A9'])],
);
/** Raw bytes 0x80-0xFF in the request line: not HTTP (RFC 3986 wants them percent-encoded); Node refuses them. */
export const rawPath = weighted<string>([30, path], [1, pick(['/\u00e9', '/\u00ff\u0080', '/?x=\u00e9'])]);

/** A path never under /_sim/ (the control plane has another contract). */
export const isControlPlane = (p: string) => p.startsWith('/_sim/');

/** What a correctly signed V3 request signs: the reference signer's list. */
export const SIGNED_BASE_HEADERS = V3_SIGNED_HEADERS;
export const RESERVED_HEADERS = new Set([
  ...SIGNED_BASE_HEADERS,
  'authorization',
  'accept',
  'content-type',
  'content-length',
  'transfer-encoding',
  'connection',
  'expect',
  'upgrade',
  'te',
  'trailer',
  'keep-alive',
  'proxy-connection',
]);

export const headerName = weighted<string>(
  [
    3,
    pick(['x-acs-junk', 'x-acs-retry-attempts', 'x-acs-security-token', 'X-Acs-Foo', 'x-acs-', 'x-acs-accesskey-id']),
  ],
  [2, pick(['user-agent', 'cookie', 'x-forwarded-for', 'origin', 'x-requested-with', 'accept-encoding', 'range'])],
  [1, pick(PROTOTYPE_NAMES)],
  [2, fc.string({ unit: pick([...TOKEN_CHARS]), minLength: 1, maxLength: 20 })],
);
export const headerValue = weighted<string>(
  [3, fc.string({ unit: pick(HEADER_VALUE_CHARS), maxLength: 40 })],
  [1, pick(['', 'CreateSnapshot', '2014-05-26', NOW, 'null', '\u00ff\u00fe', 'a'.repeat(2000)])],
);
export const junkHeaders = weighted<Array<[string, string]>>(
  [4, fc.constant([])],
  [1, fc.array(fc.tuple(headerName, headerValue), { maxLength: 5 })],
);
