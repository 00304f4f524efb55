/**
 * HTTP fuzzing of the standalone simulator, shared by test/reliability/fuzz-http.test.ts (small, fixed seed,
 * in `npm test`) and scripts/fuzz.ts (100,000 requests and more): generators of requests (garbage of every
 * kind, and correctly signed V1/V3 requests drawn around the real parameter rules), sending them over real
 * sockets with node:http, and the checks every answer must pass.
 *
 * The contract checked for every request outside /_sim/:
 * - an answer comes, within the timeout, with a RequestId (header and body, equal);
 * - it is a documented success (200 + CreateSnapshotResponse) or a documented error: status and Code a row of
 *   the catalogue, the message that row's, the envelope valid against the OpenAPI schema;
 * - in the format asked: Format=JSON/XML (any case, first occurrence), otherwise Accept containing "json";
 * - the answer is one the request may get: a request that is not correctly signed never gets past the
 *   signature check; a correctly signed one never fails the gateway, gets exactly the parameter error the
 *   catalogue's rules give for its parameters (an oracle written from the conditions of the catalogue, not
 *   from the simulator's code), and otherwise an answer its disk can give;
 * - a ClientToken never answers two different SnapshotIds (between two resets of the world).
 * HEAD answers carry no body: only the status and headers are checked.
 */
import { Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { assumptions, checksOf, type ErrorId, errorCatalogue, messageMatches } from '../../src/catalogue.js';
import {
  defaultFixtures,
  FORBIDDEN_ACCESS_KEY_ID,
  INACTIVE_ACCESS_KEY_ID,
  PROCESSING_CLIENT_TOKEN,
  USED_CLIENT_TOKEN,
} from '../../src/core/default-world.js';
import { Simulator } from '../../src/core/simulator.js';
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET } from '../../src/core/world-document.js';
import { createSimulatorServer, listen } from '../../src/node/server.js';
import { schemaValidator } from '../../src/openapi/document.js';
import { COMMON_PARAMETERS, V1_REQUIRED } from '../../src/protocol/api-request.js';
import { nodeHasher } from '../../src/protocol/node-hasher.js';
import { percentEncode } from '../../src/protocol/percent-encode.js';
import { timestampOf, V3_SIGNED_HEADERS } from '../../src/protocol/sign-request.js';
import { signV1 } from '../../src/protocol/signature-v1.js';
import { parseAuthorization, signV3 } from '../../src/protocol/signature-v3.js';

/** The seed of the in-`npm test` run; scripts/fuzz.ts takes --seed. */
export const FUZZ_SEED = 0x5eed_f022;

/**
 * Size bounds kept by every generated request, below the limits a request may be refused for. The brief of
 * this suite: URLs under 8 KiB and bodies under 64 KiB (Node's default header limit of 16 KiB and the
 * server's body limit answered undocumented 413/431s before x-assumptions.limits); parameters and headers
 * under x-assumptions.limits.maxParameters / maxHeaders.
 */
export const BOUNDS = { maxUrlBytes: 8 * 1024 - 256, maxBodyBytes: 64 * 1024 - 1024, maxPairs: 150, maxHeaders: 60 };

// ---------------------------------------------------------------------------------------------------------
// Plans: what a generated request is, before it is signed and sent (timestamps and nonces are filled in then)
// ---------------------------------------------------------------------------------------------------------

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH' | 'HEAD' | 'OPTIONS';
export const METHODS: Method[] = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'];

/** How names and values go on the wire; every style decodes to the same pair. */
export type WireStyle = 'pe' | 'plus' | 'loose';

/** A correctly signed CreateSnapshot request, unless `key`, `skewSeconds`, `tamper` or `replay` say otherwise. */
export interface SignedPlan {
  kind: 'signed';
  signing: 'V1-GET' | 'V1-POST' | 'V3' | 'V3-form' | 'V3-bytes';
  /** API parameters (never a common one), unique names. */
  params: Array<[string, string]>;
  /** The Format parameter (V1 and V3 alike); absent: the Accept header decides. */
  format: string | undefined;
  accept: string | undefined;
  key: 'default' | 'inactive' | 'forbidden' | 'unknown';
  /** Signed this many seconds away from the wall clock (the skew allowed is 900 s). */
  skewSeconds: number;
  sha256: boolean;
  tamper: 'none' | 'signature' | 'extra-param' | 'changed-value' | 'body';
  /** Send the same bytes twice: the second is a replayed nonce. */
  replay: boolean;
  wire: WireStyle;
  path: string;
  /** Unsigned extra headers (x-acs-* junk and others); names unique and not ones the signature uses. */
  junkHeaders: Array<[string, string]>;
  /** V3: more names in SignedHeaders, signed correctly (present or absent, any case). */
  extraSignedHeaders: string[];
  formContentType: string;
  bytes: Uint8Array;
}

/** A query or form segment: a pair encoded some way, or a literal piece of garbage. */
export type Segment =
  | { name: string; value: string; enc: 'pe' | 'loose' | 'latin1' | 'garbage'; junk: string; at: number }
  | { literal: string };

export type RawBody =
  | { kind: 'none' }
  | { kind: 'form'; segments: Segment[] }
  | { kind: 'text'; text: string }
  | { kind: 'bytes'; bytes: Uint8Array }
  | { kind: 'json'; value: unknown };

/** Anything at all: never correctly signed. */
export interface RawPlan {
  kind: 'raw';
  method: Method;
  path: string;
  /** Query segments; `{{now}}`-like values are filled in when built. */
  query: Segment[];
  headers: Array<[string, string]>;
  contentType: string | undefined;
  body: RawBody;
  chunked: boolean;
  /** Sends `content-length: 0` with an empty body. */
  zeroLength: boolean;
  /** Past one of x-assumptions.limits on purpose (scripts/fuzz.ts only): refused as InvalidParameter naming it. */
  oversize?: { what: 'URL' | 'request body' | 'headers' | 'parameters'; by: number };
}

export type Plan = SignedPlan | RawPlan;

// ---------------------------------------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------------------------------------

const NOW = '{{now}}';
const NOW_MS = '{{now.ms}}';
const OLD = '{{now-1200}}';
const FUTURE = '{{now+1200}}';

export const FIXTURE_DISK_IDS = defaultFixtures.map((f) => f.diskId);
const COMMON = [...COMMON_PARAMETERS];
const API_NAMES = ['DiskId', 'SnapshotName', 'Description', 'RetentionDays', 'Category', 'ClientToken'];
const OTHER_API_NAMES = ['ResourceGroupId', 'OwnerId', 'OwnerAccount', 'ResourceOwnerId', 'ResourceOwnerAccount'];
const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];
const TOKEN_CHARS = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
const HEADER_VALUE_CHARS = (() => {
  let s = '\t';
  for (let c = 0x20; c <= 0x7e; c++) s += String.fromCharCode(c);
  for (let c = 0x80; c <= 0xff; c++) s += String.fromCharCode(c);
  return [...s];
})();
const LONE_SURROGATES = ['\uD800', 'a\uDC00b', '\uDBFF\uDBFF', 'x\uD83D'];

const pick = <T>(values: readonly T[]) => fc.constantFrom(...values);
const weighted = <T>(...pairs: Array<[number, fc.Arbitrary<T>]>) =>
  fc.oneof(...pairs.map(([weight, arbitrary]) => ({ weight, arbitrary })));
const repeat = (unit: string, n: number) => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);

/** Any text: printable unicode, any code point, lone surrogates, control characters. */
export const anyText = (maxLength = 24): fc.Arbitrary<string> =>
  weighted<string>(
    [4, fc.string({ unit: 'grapheme', maxLength })],
    [3, fc.string({ unit: 'binary', maxLength })],
    [2, fc.string({ unit: 'binary-ascii', maxLength })],
    [1, pick(LONE_SURROGATES)],
    [1, pick(['', ' ', '+', '%', '%zz', '%E0%A4', '&', '=', '&=&', '\u0000', '\r\n', '😀', '快照', 'a'.repeat(300)])],
  );

const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const chinese = '快照数据盘备份测试中文字符';
const nameTail = `${letters}0123456789:_-${chinese}`;
/** A string of exactly `length` characters from `first` then `rest`. */
const shaped = (first: string, rest: string, lengths: number[]) =>
  fc.tuple(pick(lengths), fc.array(fc.nat(), { minLength: 1, maxLength: 4 })).map(([length, seeds]) => {
    let s = '';
    for (let i = 0; i < length; i++) {
      const pool = i === 0 ? first : rest;
      const seed = (seeds[i % seeds.length] as number) + i * 7919;
      s += pool[seed % pool.length];
    }
    return s;
  });

const snapshotName = weighted<string>(
  [6, shaped(letters + chinese, nameTail, [2, 3, 10, 127, 128])],
  [3, shaped(letters + chinese, nameTail, [1, 129, 200])],
  [3, pick(['', 'a', 'ab', 'auto', 'autoSnap', 'auto-1', 'Auto-ok', 'aUTO', '1abc', '_ab', ':ab', 'http://x'])],
  [2, pick(['https://snap', 'ab cd', 'a.b', 'a/b', '快照', '快', 'a😀', 'é-accent', 'ab\u0000', '龥a', '\u4dffab'])],
  [2, anyText(40)],
);

const description = weighted<string>(
  [4, fc.constantFrom(0, 1, 2, 3, 255, 256, 257).map((n) => repeat('d', n))],
  [2, fc.constantFrom(1, 2, 128, 256, 257).map((n) => repeat('😀', n * 2))],
  [2, fc.constantFrom(2, 256, 257).map((n) => repeat('描述', n))],
  [3, pick(['http://x', 'https://x', 'HTTP://x', 'xhttp://', ' http://x', 'ok description', 'h'])],
  [2, anyText(60)],
);

const retentionDays = weighted<string>(
  [6, pick(['1', '2', '30', '365', '65535', '65536', '065536', '000001'])],
  [6, pick(['0', '65537', '99999', '999999', '-1', '+1', '1.0', '1e3', ' 1', '1 ', '0x10', '１', 'abc', ''])],
  [1, pick(['0000001', '0065536'])],
  [1, fc.integer({ min: -100, max: 200_000 }).map(String)],
  [1, anyText(8)],
);

const category = pick(['Standard', 'Flash', 'standard', 'FLASH', 'Premium', ' Standard', '', 'Flash\u0000']);

export const CLIENT_TOKENS = ['ct-fuzz-a', 'ct-fuzz-b', 'ct-fuzz-c', 'ct-fuzz-d', 'ct fuzz e', '~!@#$%^&*()'];
const clientToken = weighted<string>(
  [8, pick(CLIENT_TOKENS)],
  [2, pick([PROCESSING_CLIENT_TOKEN, USED_CLIENT_TOKEN, ''])],
  [2, fc.constantFrom(63, 64, 65, 100).map((n) => repeat('t', n))],
  [1, pick(['ct-é', 'ct\tx', 'ct\u007f', 'ct-😀', 'ct\u0000'])],
);

const tagIndex = weighted<string>(
  [1, pick(['0', '01', '001', '21', '22', '-1', '', 'x', ' 1', '1e1', '٣', '99999999999999999999', '4294967297'])],
  [1, pick(PROTOTYPE_NAMES)],
);

const tagKey = (i: number) =>
  weighted<string>(
    [10, fc.constant(`k${i}`)],
    [1, fc.constant('dup')],
    [2, pick(['', 'aliyun', 'aliyunx', 'Aliyun', 'acs:x', 'ACS:x', 'xhttp://y', 'https://', 'ok key', 'é', '快'])],
    [2, fc.constantFrom(127, 128, 129).map((n) => repeat('k', n))],
    [1, anyText(12)],
  );
const tagValue = weighted<string>(
  [10, fc.constant('v')],
  [2, pick(['', 'acs:x', 'xacs:', 'http://x', 'a https://b', 'aliyun', 'é'])],
  [2, fc.constantFrom(128, 129).map((n) => repeat('v', n))],
  [1, anyText(12)],
);

interface TagSpec {
  /** 'seq': Tag.1..Tag.n; otherwise some indices replaced by odd ones. */
  count: number;
  odd: Array<[number, string]>;
  keys: string[];
  values: string[];
  keyCase: Array<'Key' | 'key' | 'none' | 'both'>;
  valueCase: Array<'Value' | 'value' | 'none'>;
}

const tags: fc.Arbitrary<Array<[string, string]>> = weighted<number>(
  [3, fc.constant(0)],
  [5, fc.integer({ min: 1, max: 5 })],
  [3, pick([19, 20, 21, 22])],
)
  .chain((count) =>
    fc.record<TagSpec>({
      count: fc.constant(count),
      odd: weighted([6, fc.constant([])], [1, fc.array(fc.tuple(fc.nat({ max: 21 }), tagIndex), { maxLength: 2 })]),
      keys: fc.tuple(...Array.from({ length: count }, (_, i) => tagKey(i + 1))),
      values: fc.tuple(...Array.from({ length: count }, () => tagValue)),
      keyCase: fc.array(
        weighted<'Key' | 'key' | 'none' | 'both'>(
          [20, fc.constant('Key')],
          [1, fc.constant('key')],
          [1, fc.constant('none')],
          [1, fc.constant('both')],
        ),
        { minLength: count, maxLength: count },
      ),
      valueCase: fc.array(
        weighted<'Value' | 'value' | 'none'>(
          [12, fc.constant('Value')],
          [1, fc.constant('value')],
          [2, fc.constant('none')],
        ),
        { minLength: count, maxLength: count },
      ),
    }),
  )
  .map((spec) => {
    const indices = Array.from({ length: spec.count }, (_, i) => String(i + 1));
    for (const [at, index] of spec.odd) if (at < indices.length) indices[at] = index;
    const pairs: Array<[string, string]> = [];
    indices.forEach((n, i) => {
      const key = spec.keys[i] as string;
      const keyCase = spec.keyCase[i] as TagSpec['keyCase'][number];
      if (keyCase === 'Key' || keyCase === 'both') pairs.push([`Tag.${n}.Key`, key]);
      if (keyCase === 'key' || keyCase === 'both')
        pairs.push([`Tag.${n}.key`, keyCase === 'both' ? `${key}-lower` : key]);
      const valueCase = spec.valueCase[i] as TagSpec['valueCase'][number];
      if (valueCase !== 'none') pairs.push([`Tag.${n}.${valueCase}`, spec.values[i] as string]);
    });
    return pairs;
  });

const junkParamName = weighted<string>(
  [3, pick(OTHER_API_NAMES)],
  [2, pick(PROTOTYPE_NAMES)],
  [
    2,
    pick(['', 'Foo', 'diskid', 'DISKID', 'Diskid ', 'Tag', 'Tag.1', 'Tags.1.Key', 'Tag.1.Key.x', '🙂', 'a=b', 'a&b']),
  ],
  [1, anyText(10)],
);

const isCommonOrTag = (name: string) => COMMON.includes(name) || name.startsWith('Tag.');

/** API parameters drawn around the rules of the catalogue; unique names, never a common parameter. */
export const apiParams: fc.Arbitrary<Array<[string, string]>> = fc
  .record({
    diskId: weighted<string | undefined>(
      [16, pick(FIXTURE_DISK_IDS)],
      [1, fc.constant(undefined)],
      [1, pick(['', 'd-', 'D-HEALTHY', 'd-healthy ', ' d-healthy', 'd-healthy\u0000', 'i-running', 's-used-token'])],
      [1, anyText(16)],
    ),
    snapshotName: fc.option(snapshotName, { nil: undefined, freq: 2 }),
    description: fc.option(description, { nil: undefined, freq: 3 }),
    retentionDays: fc.option(retentionDays, { nil: undefined, freq: 3 }),
    category: fc.option(category, { nil: undefined, freq: 4 }),
    clientToken: fc.option(clientToken, { nil: undefined, freq: 2 }),
    resourceGroupId: fc.option(pick(['rg-1', 'rg-acfm', '']), { nil: undefined, freq: 6 }),
    tags,
    junk: weighted<Array<[string, string]>>(
      [4, fc.constant([])],
      [1, fc.array(fc.tuple(junkParamName, anyText(12)), { maxLength: 4 })],
    ),
  })
  .map((r) => {
    const pairs: Array<[string, string]> = [];
    const add = (name: string, value: string | undefined) => {
      if (value !== undefined && !pairs.some(([n]) => n === name)) pairs.push([name, value]);
    };
    add('DiskId', r.diskId);
    add('SnapshotName', r.snapshotName);
    add('Description', r.description);
    add('RetentionDays', r.retentionDays);
    add('Category', r.category);
    add('ClientToken', r.clientToken);
    add('ResourceGroupId', r.resourceGroupId);
    for (const [name, value] of r.tags) add(name, value);
    for (const [name, value] of r.junk) if (!isCommonOrTag(name)) add(name, value);
    return pairs;
  });

const SUCCESS_DISK_IDS = defaultFixtures.filter((f) => f.answer === 'success').map((f) => f.diskId);

/** Parameters that pass every rule (so that the request reaches the ClientToken and the disk). */
export const validApiParams: fc.Arbitrary<Array<[string, string]>> = fc
  .record({
    diskId: weighted<string>([2, pick(SUCCESS_DISK_IDS)], [1, pick(FIXTURE_DISK_IDS)]),
    snapshotName: fc.option(shaped(letters + chinese, nameTail, [2, 3, 10, 127, 128]), { nil: undefined }),
    description: fc.option(pick(['ok', 'nightly backup', repeat('d', 256), repeat('描述', 128)]), { nil: undefined }),
    retentionDays: fc.option(pick(['1', '30', '65536']), { nil: undefined }),
    category: fc.option(pick(['Standard', 'Flash']), { nil: undefined }),
    clientToken: fc.option(pick(CLIENT_TOKENS), { nil: undefined, freq: 2 }),
    tags: fc.integer({ min: 0, max: 20 }),
  })
  .map((r) => {
    const pairs: Array<[string, string]> = [['DiskId', r.diskId]];
    if (r.snapshotName !== undefined) pairs.push(['SnapshotName', r.snapshotName]);
    if (r.description !== undefined) pairs.push(['Description', r.description]);
    if (r.retentionDays !== undefined) pairs.push(['RetentionDays', r.retentionDays]);
    if (r.category !== undefined) pairs.push(['Category', r.category]);
    if (r.clientToken !== undefined) pairs.push(['ClientToken', r.clientToken]);
    for (let i = 1; i <= r.tags; i++) pairs.push([`Tag.${i}.Key`, `k${i}`], [`Tag.${i}.Value`, `v${i}`]);
    return pairs;
  });

const acceptValue = weighted<string>(
  [4, pick(['application/json', 'text/xml', 'application/xml', '*/*', 'text/html, application/json;q=0.9'])],
  [3, pick(['application/JSON', 'Application/Json', 'text/json', 'json', 'application/jsonx', 'xml', '', ' ', ','])],
  [2, fc.string({ unit: pick(HEADER_VALUE_CHARS), maxLength: 30 })],
);

/** Any path but the root works as well: the API answers at every path outside /_sim/. */
const path = weighted<string>(
  [12, fc.constant('/')],
  [2, pick(['/ecs', '/ecs/', '//', '/?', '/_sim', '/_SIM/reset', '/_sim%2Freset', '/%zz', '/;x', '/a/b/c', '/..'])],
  [1, pick(['/../_sim/health', '/./_sim/world', '/%2e%2e/x', '/index.html', '/*', '/%C3%A9'])],
);
/** Raw bytes 0x80-0xFF in the request line: not HTTP (RFC 3986 wants them percent-encoded); Node refuses them. */
const rawPath = weighted<string>([30, path], [1, pick(['/\u00e9', '/\u00ff\u0080', '/?x=\u00e9'])]);

/** A path never under /_sim/ (the control plane has another contract). */
const isControlPlane = (p: string) => p.startsWith('/_sim/');

/** What a correctly signed V3 request signs: the reference signer's list. */
const SIGNED_BASE_HEADERS = V3_SIGNED_HEADERS;
const RESERVED_HEADERS = new Set([
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

const headerName = weighted<string>(
  [
    3,
    pick(['x-acs-junk', 'x-acs-retry-attempts', 'x-acs-security-token', 'X-Acs-Foo', 'x-acs-', 'x-acs-accesskey-id']),
  ],
  [2, pick(['user-agent', 'cookie', 'x-forwarded-for', 'origin', 'x-requested-with', 'accept-encoding', 'range'])],
  [1, pick(PROTOTYPE_NAMES)],
  [2, fc.string({ unit: pick([...TOKEN_CHARS]), minLength: 1, maxLength: 20 })],
);
const headerValue = weighted<string>(
  [3, fc.string({ unit: pick(HEADER_VALUE_CHARS), maxLength: 40 })],
  [1, pick(['', 'CreateSnapshot', '2014-05-26', NOW, 'null', '\u00ff\u00fe', 'a'.repeat(2000)])],
);
const junkHeaders = weighted<Array<[string, string]>>(
  [4, fc.constant([])],
  [1, fc.array(fc.tuple(headerName, headerValue), { maxLength: 5 })],
);

export const signedPlan: fc.Arbitrary<SignedPlan> = fc.record<SignedPlan>({
  kind: fc.constant('signed'),
  signing: weighted<SignedPlan['signing']>(
    [5, fc.constant('V1-GET')],
    [3, fc.constant('V1-POST')],
    [5, fc.constant('V3')],
    [2, fc.constant('V3-form')],
    [1, fc.constant('V3-bytes')],
  ),
  params: weighted([3, apiParams], [2, validApiParams]),
  format: fc.option(pick(['JSON', 'XML', 'json', 'xml', 'Json', 'xMl']), { nil: undefined, freq: 4 }),
  accept: fc.option(acceptValue, { nil: undefined, freq: 2 }),
  key: weighted<SignedPlan['key']>(
    [24, fc.constant('default')],
    [1, fc.constant('inactive')],
    [1, fc.constant('forbidden')],
    [1, fc.constant('unknown')],
  ),
  skewSeconds: weighted<number>([16, fc.constant(0)], [3, pick([-890, -60, 60, 890])], [2, pick([-910, 910, -86_400])]),
  sha256: weighted<boolean>([5, fc.constant(false)], [1, fc.constant(true)]),
  tamper: weighted<SignedPlan['tamper']>(
    [24, fc.constant('none')],
    [1, fc.constant('signature')],
    [1, fc.constant('extra-param')],
    [1, fc.constant('changed-value')],
    [1, fc.constant('body')],
  ),
  replay: weighted<boolean>([12, fc.constant(false)], [1, fc.constant(true)]),
  wire: pick<WireStyle>(['pe', 'pe', 'plus', 'loose']),
  path,
  junkHeaders,
  extraSignedHeaders: weighted<string[]>(
    [8, fc.constant([])],
    [2, fc.subarray(['accept', 'content-type', 'x-acs-junk', 'X-Acs-Signature-Nonce', 'Accept', 'user-agent'])],
    [1, fc.subarray([...PROTOTYPE_NAMES, 'x-acs-absent'], { minLength: 1, maxLength: 2 })],
  ),
  formContentType: pick([
    'application/x-www-form-urlencoded',
    'application/x-www-form-urlencoded; charset=UTF-8',
    'Application/X-WWW-Form-Urlencoded',
  ]),
  bytes: weighted<Uint8Array>(
    [3, fc.uint8Array({ minLength: 1, maxLength: 64 })],
    [1, fc.constant(new TextEncoder().encode('{"DiskId":"d-healthy"}'))],
  ),
});

// ---- raw requests

const segmentName = weighted<string>(
  [6, pick([...API_NAMES, ...COMMON, 'Tag.1.Key', 'Tag.1.Value', 'Tag.21.Key', 'Tag.0.Key', 'Tag.01.Key'])],
  [1, pick(PROTOTYPE_NAMES)],
  [2, anyText(12)],
);
const segmentValue = weighted<string>(
  [4, pick(['CreateSnapshot', '2014-05-26', 'JSON', 'XML', 'json', 'd-healthy', DEFAULT_ACCESS_KEY_ID, NOW, ''])],
  [2, pick(FIXTURE_DISK_IDS)],
  [3, anyText(30)],
  [1, pick(['HMAC-SHA1', 'HMAC-SHA256', '1.0', OLD, FUTURE, NOW_MS, '2026-02-30T00:00:00Z', '2026-01-01 00:00:00'])],
  [1, fc.constantFrom(500, 2000).map((n) => repeat('x', n))],
);
const LITERALS = [
  '',
  '&',
  '&&',
  '=',
  '==',
  'a',
  '=x',
  'x=',
  'a=b=c',
  '%',
  '%zz',
  '%zz=%zz',
  '+',
  '+=+',
  ';',
  '?',
  '#x',
];
export const segment: fc.Arbitrary<Segment> = weighted<Segment>(
  [
    8,
    fc.record({
      name: segmentName,
      value: segmentValue,
      enc: weighted<'pe' | 'loose' | 'latin1' | 'garbage'>(
        [8, fc.constant('pe')],
        [4, fc.constant('loose')],
        [4, fc.constant('garbage')],
        [1, fc.constant('latin1')],
      ),
      junk: pick(['%zz', '%', '%E0%A4', '+', '%2', '%00', '%FF', '%C0%AF', '%ED%A0%80', '%%', '%u00e9']),
      at: fc.nat(),
    }),
  ],
  [1, fc.record({ literal: pick(LITERALS) })],
);

/** The common parameters of a V1 request, most of them plausible, so that checks deep in the gateway run. */
const v1Shape: fc.Arbitrary<Segment[]> = fc
  .record({
    action: pick(['CreateSnapshot', 'CreateSnapshot', 'createsnapshot', 'DescribeDisks', '']),
    version: pick(['2014-05-26', '2014-05-26', '2014-05-27', '']),
    format: fc.option(pick(['JSON', 'XML', 'json', 'yaml', '']), { nil: undefined }),
    key: pick([DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_ID, INACTIVE_ACCESS_KEY_ID, FORBIDDEN_ACCESS_KEY_ID, 'x', '']),
    method: pick(['HMAC-SHA1', 'HMAC-SHA1', 'HMAC-SHA256', 'hmac-sha1', 'RSA', '']),
    version1: pick(['1.0', '1.0', '2.0', '']),
    nonce: pick(['n-1', NOW, '', 'x'.repeat(100)]),
    timestamp: pick([
      NOW,
      NOW,
      NOW_MS,
      OLD,
      FUTURE,
      '2026-13-01T00:00:00Z',
      '2026-01-01T24:00:00Z',
      '0000-01-01T00:00:00Z',
      '',
    ]),
    signature: pick(['', 'abc', 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=', '+/+/', '%zz']),
    disk: pick(FIXTURE_DISK_IDS),
    drop: fc.subarray([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], { maxLength: 2 }),
  })
  .map((r) => {
    const pairs: Array<[string, string | undefined]> = [
      ['Action', r.action],
      ['Version', r.version],
      ['Format', r.format],
      ['AccessKeyId', r.key],
      ['SignatureMethod', r.method],
      ['SignatureVersion', r.version1],
      ['SignatureNonce', r.nonce],
      ['Timestamp', r.timestamp],
      ['Signature', r.signature],
      ['DiskId', r.disk],
    ];
    return pairs
      .filter(([, value], i) => value !== undefined && !r.drop.includes(i))
      .map(([name, value]) => ({ name, value: value as string, enc: 'pe' as const, junk: '', at: 0 }));
  });

/** The x-acs-* headers and an ACS3 Authorization of a V3 request, plausible or broken, never correctly signed. */
const v3Shape: fc.Arbitrary<Array<[string, string]>> = fc
  .record({
    action: pick(['CreateSnapshot', 'CreateSnapshot', 'DescribeDisks', '']),
    version: pick(['2014-05-26', '2014-05-26', '2015-01-01']),
    date: pick([NOW, NOW, NOW_MS, OLD, FUTURE, '2026-01-01', 'garbage']),
    nonce: pick(['n-1', 'n-2', '']),
    sha: pick(['e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 'abc', '']),
    algorithm: pick(['ACS3-HMAC-SHA256', 'ACS3-HMAC-SHA256', 'ACS3-HMAC-SHA1', 'ACS3-', 'ACS3-HMAC-SHA256\t']),
    credential: pick([
      DEFAULT_ACCESS_KEY_ID,
      DEFAULT_ACCESS_KEY_ID,
      INACTIVE_ACCESS_KEY_ID,
      FORBIDDEN_ACCESS_KEY_ID,
      'x',
      '',
    ]),
    signed: fc.subarray([...SIGNED_BASE_HEADERS, 'x-acs-action', 'accept', 'X-ACS-DATE', '', ...PROTOTYPE_NAMES], {
      minLength: 0,
    }),
    allSigned: fc.boolean(),
    signature: pick(['00', 'ab'.repeat(32), '', 'zz']),
    layout: pick(['normal', 'spaces', 'duplicate', 'missing-field', 'no-fields']),
    drop: fc.subarray([0, 1, 2, 3, 4], { maxLength: 1 }),
  })
  .map((r) => {
    const names = r.allSigned ? [...new Set([...SIGNED_BASE_HEADERS, ...r.signed])] : r.signed;
    const fields = [`Credential=${r.credential}`, `SignedHeaders=${names.join(';')}`, `Signature=${r.signature}`];
    const auth =
      r.layout === 'spaces'
        ? `${r.algorithm}  ${fields.join(' , ')}`
        : r.layout === 'duplicate'
          ? `${r.algorithm} ${[...fields, fields[0]].join(',')}`
          : r.layout === 'missing-field'
            ? `${r.algorithm} ${fields.slice(1).join(',')}`
            : r.layout === 'no-fields'
              ? r.algorithm
              : `${r.algorithm} ${fields.join(',')}`;
    const headers: Array<[string, string]> = [
      ['x-acs-action', r.action],
      ['x-acs-version', r.version],
      ['x-acs-date', r.date],
      ['x-acs-signature-nonce', r.nonce],
      ['x-acs-content-sha256', r.sha],
    ];
    return [...headers.filter((_, i) => !r.drop.includes(i)), ['authorization', auth] as [string, string]];
  });

const authorizationJunk = pick([
  '',
  'Bearer x',
  'ACS3-',
  'ACS3-HMAC-SHA256',
  'ACS3-HMAC-SHA256 ',
  'ACS3-HMAC-SHA256 Credential=',
  'ACS3-HMAC-SHA256 Credential=a,,Signature=b',
  'acs3-hmac-sha256 Credential=x,SignedHeaders=a,Signature=b',
  ' ACS3-HMAC-SHA256 Credential=a,SignedHeaders=b,Signature=c',
  'ACS LTAI5tSimulatorTestKey01:abc',
  'Basic dXNlcjpwYXNz',
]);

const contentType = weighted<string | undefined>(
  [3, fc.constant(undefined)],
  [4, pick(['application/x-www-form-urlencoded', 'application/x-www-form-urlencoded; charset=utf-8'])],
  [
    3,
    pick([
      'application/json',
      'text/plain',
      'application/octet-stream',
      'multipart/form-data; boundary=x',
      'text/xml',
      'APPLICATION/X-WWW-FORM-URLENCODED',
      'application/x-www-form-urlencodedx',
      '',
    ]),
  ],
  [1, fc.string({ unit: pick(HEADER_VALUE_CHARS), maxLength: 30 })],
);

const rawBody = weighted<RawBody>(
  [4, fc.constant({ kind: 'none' })],
  [4, fc.array(segment, { maxLength: 20 }).map((segments) => ({ kind: 'form' as const, segments }))],
  [2, anyText(200).map((text) => ({ kind: 'text' as const, text }))],
  [2, fc.uint8Array({ maxLength: 512 }).map((bytes) => ({ kind: 'bytes' as const, bytes }))],
  [1, fc.constantFrom(4096, 60_000).map((n) => ({ kind: 'bytes' as const, bytes: new Uint8Array(n).fill(0x26) }))],
  [2, fc.jsonValue({ maxDepth: 3 }).map((value) => ({ kind: 'json' as const, value }))],
);

export const rawPlan: fc.Arbitrary<RawPlan> = fc
  .record({
    method: weighted<Method>([6, pick<Method>(['GET', 'POST'])], [3, pick(METHODS)]),
    path: rawPath,
    shape: pick(['none', 'v1', 'v1', 'v3', 'v3']),
    v1: v1Shape,
    v1InBody: fc.boolean(),
    v3: v3Shape,
    query: fc.array(segment, { maxLength: 12 }),
    headers: fc.array(
      weighted<[string, string]>(
        [3, fc.tuple(fc.constant('accept'), acceptValue)],
        [2, fc.tuple(fc.constant('authorization'), authorizationJunk)],
        [3, fc.tuple(headerName, headerValue)],
      ),
      { maxLength: 6 },
    ),
    contentType,
    body: rawBody,
    chunked: fc.boolean(),
    zeroLength: fc.boolean(),
  })
  .map((r): RawPlan => {
    const query = [...r.query];
    let body = r.body;
    let contentType = r.contentType;
    if (r.shape === 'v1') {
      if (r.v1InBody) {
        body = { kind: 'form', segments: [...r.v1, ...(body.kind === 'form' ? body.segments : [])] };
        contentType ??= 'application/x-www-form-urlencoded';
      } else query.unshift(...r.v1);
    }
    const headers = r.shape === 'v3' ? [...r.v3, ...r.headers] : r.headers;
    return {
      kind: 'raw',
      method: r.method,
      path: r.path,
      query,
      headers,
      contentType,
      body,
      chunked: r.chunked,
      zeroLength: r.zeroLength,
    };
  });

/** Every request plan: about half correctly signed (so that deep paths are reached), half anything. */
export const plan: fc.Arbitrary<Plan> = weighted<Plan>([11, signedPlan], [9, rawPlan]);

/** A raw request just past one of x-assumptions.limits (the URL, the body, the headers, the parameters). */
export const oversizedPlan: fc.Arbitrary<RawPlan> = fc
  .tuple(
    rawPlan,
    pick<'URL' | 'request body' | 'headers' | 'parameters'>(['URL', 'request body', 'headers', 'parameters']),
    fc.integer({ min: 1, max: 64 }),
  )
  .map(([raw, what, by]) => ({ ...raw, oversize: { what, by } }));

/** What scripts/fuzz.ts sends: the plans above, and one in 200 past a limit. */
export const planAtScale: fc.Arbitrary<Plan> = weighted<Plan>([199, plan], [1, oversizedPlan]);

// ---------------------------------------------------------------------------------------------------------
// Building: a plan becomes bytes on the wire (signed now, with a fresh nonce), with what its answer may be
// ---------------------------------------------------------------------------------------------------------

export interface Built {
  method: Method;
  path: string;
  headers: Array<[string, string]>;
  body: Uint8Array;
  chunked: boolean;
  zeroLength: boolean;
  expect: Expectation;
}

/** The answers a request may get: 'success' or catalogue ids, with the parameter its message may name. */
export interface Expectation {
  ids: ReadonlySet<string>;
  /** For InvalidParameter / MissingParameter: the names the message may carry (any, when absent). */
  names?: ReadonlySet<string>;
  why: string;
  /** The API parameters the server sees, for the ClientToken check. */
  clientToken?: string;
}

export interface BuildContext {
  host: string;
  /** The wall clock the server checks timestamps against. */
  now(): number;
  nonce(): string;
}

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder('utf-8');

/** pe with lone surrogates as U+FFFD, as every client that encodes UTF-8 sends them. */
const pe = percentEncode;
function encode(text: string, style: WireStyle): string {
  const e = pe(text);
  if (style === 'pe') return e;
  if (style === 'plus') return e.replace(/%20/g, '+');
  // As encodeURIComponent leaves them: clients put these on the wire unencoded.
  return e.replace(/%2[1789A]/g, (m) => decodeURIComponent(m));
}
const encodePairs = (pairs: ReadonlyArray<readonly [string, string]>, style: WireStyle) =>
  pairs.map(([k, v]) => `${encode(k, style)}=${encode(v, style)}`).join('&');

function fillTime(value: string, now: number): string {
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

const KEYS: Record<SignedPlan['key'], { accessKeyId: string; accessKeySecret: string }> = {
  default: { accessKeyId: DEFAULT_ACCESS_KEY_ID, accessKeySecret: DEFAULT_ACCESS_KEY_SECRET },
  inactive: { accessKeyId: INACTIVE_ACCESS_KEY_ID, accessKeySecret: DEFAULT_ACCESS_KEY_SECRET },
  forbidden: { accessKeyId: FORBIDDEN_ACCESS_KEY_ID, accessKeySecret: DEFAULT_ACCESS_KEY_SECRET },
  unknown: { accessKeyId: 'LTAI5tFuzzUnknownKey0001', accessKeySecret: 'FuzzUnknownSecret' },
};

/** What the gateway must answer a signed plan, in the catalogue's order of checks; undefined: it passes. */
function gatewayVerdict(p: SignedPlan): ErrorId | undefined {
  if (Math.abs(p.skewSeconds) > assumptions.timestampSkewSeconds) return 'InvalidTimeStamp.Expired';
  if (p.key === 'unknown') return 'InvalidAccessKeyId';
  if (p.key === 'inactive') return 'InvalidAccessKeyId.Inactive';
  if (p.tamper !== 'none') return 'SignatureDoesNotMatch';
  if (p.key === 'forbidden') return 'Forbidden.RAM';
  return undefined;
}

/** Another last character, also in any letter case (V3 compares its hex signature case-insensitively). */
const flipChar = (s: string) => (s.length === 0 ? 'x' : s.slice(0, -1) + (s.endsWith('0') ? '1' : '0'));

/** The plan's unsigned headers that go on the wire: none the request already has, or that the signature uses. */
function junkOf(p: SignedPlan, headers: ReadonlyArray<readonly [string, string]>): Array<[string, string]> {
  const taken = (name: string) =>
    RESERVED_HEADERS.has(name.toLowerCase()) || headers.some(([n]) => n.toLowerCase() === name.toLowerCase());
  const junk: Array<[string, string]> = [];
  for (const [name, value] of p.junkHeaders) {
    if (!taken(name) && !junk.some(([n]) => n.toLowerCase() === name.toLowerCase())) junk.push([name, value]);
  }
  return junk;
}

export async function buildSigned(p: SignedPlan, ctx: BuildContext): Promise<Built[]> {
  const now = ctx.now();
  const date = timestampOf(new Date(now + p.skewSeconds * 1000));
  const nonce = ctx.nonce();
  const credentials = KEYS[p.key];
  const format: Array<[string, string]> = p.format === undefined ? [] : [['Format', p.format]];
  let params = p.params;
  let signing = p.signing;
  const querySize = Buffer.byteLength(encodePairs(params, p.wire)) + 600;
  // Too long for the URL bound: the parameters travel in a form body instead (same request for the API).
  if (querySize > BOUNDS.maxUrlBytes && signing === 'V1-GET') signing = 'V1-POST';
  if (querySize > BOUNDS.maxUrlBytes && (signing === 'V3' || signing === 'V3-bytes')) signing = 'V3-form';
  if (p.tamper === 'body' && !signing.startsWith('V3')) signing = 'V3-bytes';

  let method: 'GET' | 'POST' = 'POST';
  let queryPairs: Array<[string, string]> = [];
  let bodyText = '';
  let body: Uint8Array = new Uint8Array();
  const headers: Array<[string, string]> = [];

  if (signing === 'V1-GET' || signing === 'V1-POST') {
    method = signing === 'V1-GET' ? 'GET' : 'POST';
    const all: Array<[string, string]> = [
      ['Action', 'CreateSnapshot'],
      ['Version', '2014-05-26'],
      ...format,
      ['AccessKeyId', credentials.accessKeyId],
      ['SignatureMethod', p.sha256 ? 'HMAC-SHA256' : 'HMAC-SHA1'],
      ['SignatureVersion', '1.0'],
      ['SignatureNonce', nonce],
      ['Timestamp', date],
      ...params,
    ];
    let signature = await signV1(
      nodeHasher,
      method,
      all,
      credentials.accessKeySecret,
      p.sha256 ? 'HMAC-SHA256' : 'HMAC-SHA1',
    );
    if (p.tamper === 'signature') signature = flipChar(signature);
    if (p.tamper === 'changed-value' && params.length > 0) {
      const [first, ...rest] = params as [[string, string], ...Array<[string, string]>];
      params = [[first[0], `${first[1]}x`], ...rest];
      all.splice(all.length - p.params.length, p.params.length, ...params);
    }
    if (p.tamper === 'extra-param' || (p.tamper === 'changed-value' && p.params.length === 0))
      all.push(['DiskId', 'd-healthy']);
    all.push(['Signature', signature]);
    if (p.accept !== undefined) headers.push(['accept', p.accept]);
    if (method === 'GET') queryPairs = all;
    else {
      bodyText = encodePairs(all, p.wire);
      headers.push(['content-type', p.formContentType]);
    }
    body = utf8.encode(bodyText);
  } else {
    // V3, as @alicloud/ecs20140526 sends it: POST /?<parameters>, x-acs-* headers, Authorization.
    const inBody = signing === 'V3-form' ? params.filter((_, i) => i % 2 === 1) : [];
    queryPairs = [...format, ...(signing === 'V3-form' ? params.filter((_, i) => i % 2 === 0) : params)];
    const base: Array<[string, string]> = [
      ['host', ctx.host],
      ['x-acs-action', 'CreateSnapshot'],
      ['x-acs-version', '2014-05-26'],
      ['x-acs-date', date],
      ['x-acs-signature-nonce', nonce],
      ['accept', p.accept ?? (p.format?.toUpperCase() === 'XML' ? 'text/xml' : 'application/json')],
    ];
    headers.push(...base);
    if (signing === 'V3-form') {
      body = utf8.encode(encodePairs(inBody, p.wire));
      headers.push(['content-type', p.formContentType]);
    } else if (signing === 'V3-bytes') {
      body = p.bytes;
      headers.push(['content-type', 'application/octet-stream']);
    }
    const lookup = new Map<string, string>();
    for (const [k, v] of [...headers, ...junkOf(p, headers)])
      if (!lookup.has(k.toLowerCase())) lookup.set(k.toLowerCase(), v);
    // As every real SDK does: every x-acs-* header sent is signed, and the content-type of a body of parameters.
    const junkAcs = junkOf(p, headers)
      .map(([n]) => n.toLowerCase())
      .filter((n) => n.startsWith('x-acs-'));
    const formType = signing === 'V3-form' ? ['content-type'] : [];
    const signedHeaders = [...new Set([...SIGNED_BASE_HEADERS, ...formType, ...junkAcs, ...p.extraSignedHeaders])];
    const signed = await signV3(nodeHasher, {
      method: 'POST',
      query: queryPairs,
      headers: (name) => lookup.get(name),
      signedHeaders,
      body,
      accessKeyId: credentials.accessKeyId,
      accessKeySecret: credentials.accessKeySecret,
    });
    let authorization = signed.authorization;
    if (p.tamper === 'signature') authorization = flipChar(authorization);
    // Changes an API parameter, never Format (a bad Format is refused before the signature is checked).
    const last = queryPairs.length - 1;
    if (p.tamper === 'changed-value' && last >= 0 && queryPairs[last]?.[0] !== 'Format') {
      const [name, value] = queryPairs[last] as [string, string];
      queryPairs = [...queryPairs.slice(0, last), [name, `${value}x`]];
      params = params.map(([n, v]) => (n === name && v === value ? [n, `${v}x`] : [n, v]));
    } else if (p.tamper === 'extra-param' || p.tamper === 'changed-value') {
      queryPairs = [...queryPairs, ['Description', 'added after signing']];
    }
    if (p.tamper === 'body') body = new Uint8Array([...body, 0x41]);
    headers.push(['x-acs-content-sha256', signed.contentSha256], ['authorization', authorization]);
  }
  const junk = junkOf(p, headers);
  const query = encodePairs(queryPairs, p.wire);
  const url = isControlPlane(p.path) ? `/x${p.path}` : p.path;
  const built: Built = {
    method,
    path: query === '' ? url : `${url}${url.includes('?') ? '&' : '?'}${query}`,
    headers: [...headers, ...junk],
    body,
    chunked: false,
    zeroLength: false,
    expect: expectationOfSigned(p, params),
  };
  if (!p.replay) return [built];
  const firstPasses = !['InvalidTimeStamp.Expired', 'InvalidAccessKeyId', 'InvalidAccessKeyId.Inactive'].includes(
    gatewayVerdict(p) ?? '',
  );
  const passedSignature = firstPasses && p.tamper === 'none';
  return [
    built,
    {
      ...built,
      expect: passedSignature ? { ids: new Set(['SignatureNonceUsed']), why: 'the same nonce again' } : built.expect,
    },
  ];
}

export function build(p: Plan, ctx: BuildContext): Promise<Built[]> {
  return p.kind === 'signed' ? buildSigned(p, ctx) : Promise.resolve([buildRaw(p, ctx)]);
}

// ---------------------------------------------------------------------------------------------------------
// The oracle of a correctly signed request: written from the conditions of the catalogue (x-error.when)
// ---------------------------------------------------------------------------------------------------------

/** What the server sees: lone surrogates arrive as U+FFFD (UTF-8 has no encoding for them). */
const wellFormed = (s: string) =>
  s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
const codePoints = (s: string) => [...s].length;
const present = (v: string | undefined): v is string => v !== undefined && v !== '';
const positiveInteger = (n: string) => /^[1-9][0-9]*$/.test(n);
/** '01': "an integer of at least 1"? The catalogue does not say whether leading zeros are allowed. */
const zeroPadded = (n: string) => /^0+[1-9][0-9]*$/.test(n);

type Check = 'fails' | 'passes' | 'ambiguous';
const verdict = (fails: boolean, ambiguous = false): Check => (fails ? 'fails' : ambiguous ? 'ambiguous' : 'passes');

interface TagGroup {
  n: string;
  key: string | undefined;
  value: string | undefined;
}

function tagGroups(p: Map<string, string>): TagGroup[] {
  const groups = new Map<string, { Key?: string; key?: string; Value?: string; value?: string }>();
  for (const [name, value] of p) {
    const m = /^Tag\.(.*)\.(Key|Value|key|value)$/.exec(name);
    if (m === null) continue;
    const n = m[1] as string;
    const group = groups.get(n) ?? {};
    group[m[2] as 'Key'] = value;
    groups.set(n, group);
  }
  return [...groups].map(([n, g]) => ({ n, key: g.Key ?? g.key, value: g.Value ?? g.value }));
}

const parameterRules: Record<string, (p: Map<string, string>, tags: TagGroup[]) => Check> = {
  'param.diskId.missing': (p) => verdict(!present(p.get('DiskId'))),
  'param.snapshotName.malformed': (p) => {
    const v = p.get('SnapshotName');
    if (!present(v)) return 'passes';
    const ok =
      codePoints(v) >= 2 &&
      codePoints(v) <= 128 &&
      // Today's edition (the simulator's default): periods allowed, letters are Unicode letters.
      /^\p{L}[\p{L}0-9:_.-]*$/u.test(v) &&
      !v.startsWith('auto');
    return verdict(!ok);
  },
  'param.description.malformed': (p) => {
    const v = p.get('Description');
    return verdict(present(v) && (codePoints(v) < 2 || codePoints(v) > 256 || /^https?:\/\//.test(v)));
  },
  'param.retentionDays.invalid': (p) => {
    const v = p.get('RetentionDays');
    if (!present(v)) return 'passes';
    const ok = /^[0-9]+$/.test(v) && Number(v) >= 1 && Number(v) <= 65_536;
    // More than six digits, with leading zeros: a decimal integer in range, which the simulator refuses.
    return verdict(!ok, ok && v.length > 6);
  },
  'param.category.invalid': (p) => {
    const v = p.get('Category')?.toLowerCase();
    return verdict(present(v) && v !== 'standard' && v !== 'flash');
  },
  'param.instantAccess.invalid': (p) => {
    const v = p.get('InstantAccess');
    return verdict(v !== undefined && !/^(true|false)$/i.test(v));
  },
  'param.categoryAndInstantAccess': (p) =>
    verdict(present(p.get('Category')) && /^true$/i.test(p.get('InstantAccess') ?? '')),
  'param.instantAccessRetentionDays.invalid': (p) => {
    const v = p.get('InstantAccessRetentionDays');
    if (!present(v)) return 'passes';
    const ok = /^[0-9]+$/.test(v) && Number(v) >= 1 && Number(v) <= 65_535;
    return verdict(!ok || !/^true$/i.test(p.get('InstantAccess') ?? ''), ok && v.length > 6);
  },
  'param.clientToken.invalid': (p) => {
    const v = p.get('ClientToken');
    return verdict(present(v) && (codePoints(v) > 64 || /[^\x20-\x7e]/.test(v)));
  },
  'param.tags.tooMany': (_p, tags) =>
    verdict(
      tags.some((t) => positiveInteger(t.n) && Number(t.n) > assumptions.maxTags),
      tags.some((t) => zeroPadded(t.n) && Number(t.n) > assumptions.maxTags),
    ),
  'param.tagKey.malformed': (_p, tags) => {
    const badKey = (k: string | undefined) =>
      k === undefined ||
      k === '' ||
      codePoints(k) > 128 ||
      k.startsWith('aliyun') ||
      k.startsWith('acs:') ||
      /https?:\/\//.test(k);
    return verdict(
      tags.some((t) => (!positiveInteger(t.n) && !zeroPadded(t.n)) || badKey(t.key)),
      tags.some((t) => zeroPadded(t.n)),
    );
  },
  'param.tagValue.malformed': (_p, tags) =>
    verdict(tags.some((t) => t.value !== undefined && (codePoints(t.value) > 128 || /https?:\/\//.test(t.value)))),
  'param.tagKey.duplicate': (_p, tags) => verdict(new Set(tags.map((t) => t.key)).size < tags.length),
};

/** The parameter a templated message (MissingParameter, InvalidParameter) names, in today's edition. */
const PARAMETER_NAME: Record<string, string> = {
  'param.diskId.missing': 'DiskId',
  'param.instantAccess.invalid': 'InstantAccess',
};

/** The checks of the parameters stage, in the catalogue's order, each with its rule above. */
const PARAMETER_CHECKS = checksOf('parameters').map(({ check, entry }) => {
  const rule = parameterRules[check];
  if (rule === undefined) throw new Error(`fuzz-support has no oracle for the parameter check ${check}`);
  return { check, id: entry.id as string, rule };
});

// The answer to DiskId alone: rows that need more parameters say nothing of it.
const fixtureAnswer = new Map(
  defaultFixtures.filter((f) => f.with === undefined).map((f) => [f.diskId, f.answer as string]),
);
const SUCCESS_DISK = ['success', 'IncorrectDiskStatus.CreatingSnapshot', 'QuotaExceed.Snapshot'];

/**
 * What a disk of the default world may answer a valid request: its fixture answer, or, where time and earlier
 * requests change it (a snapshot now in progress, the clock moved on), what they may turn it into.
 */
export function diskAnswers(diskId: string): string[] {
  const answer = fixtureAnswer.get(diskId);
  if (answer === undefined) return ['InvalidDiskId.NotFound'];
  if (diskId === 'd-expiring') return [...SUCCESS_DISK, 'InvalidDiskId.NotFound'];
  if (answer === 'success' || diskId === 'd-snapshot-in-progress') return SUCCESS_DISK;
  if (diskId === 'd-new-instance-system') return [answer, ...SUCCESS_DISK];
  if (diskId === 'd-concurrent') return [...SUCCESS_DISK, 'QuotaExceed.ConcurrentSnapshotQuota'];
  return [answer];
}

/** The answers a correctly signed request with these API parameters may get once it passed the gateway. */
export function expectedAfterGateway(pairs: ReadonlyArray<readonly [string, string]>): Expectation {
  const p = new Map<string, string>();
  for (const [name, value] of pairs) {
    const n = wellFormed(name);
    if (!p.has(n)) p.set(n, wellFormed(value));
  }
  const tags = tagGroups(p);
  const ids = new Set<string>();
  const names = new Set<string>();
  for (const { check, id, rule } of PARAMETER_CHECKS) {
    const outcome = rule(p, tags);
    if (outcome === 'passes') continue;
    ids.add(id);
    const name = PARAMETER_NAME[check];
    if (name !== undefined) names.add(name);
    if (outcome === 'fails') return { ids, names, why: `parameter check ${check}` };
  }
  const token = p.get('ClientToken');
  const why = `valid parameters, disk ${JSON.stringify(p.get('DiskId'))}`;
  if (token === PROCESSING_CLIENT_TOKEN) return { ids: new Set([...ids, 'IdempotentProcessing']), names, why };
  for (const id of diskAnswers(p.get('DiskId') as string)) ids.add(id);
  if (present(token)) {
    ids.add('IdempotentParameterMismatch');
    ids.add('success');
    return { ids, names, why, clientToken: token };
  }
  return { ids, names, why };
}

function expectationOfSigned(p: SignedPlan, params: ReadonlyArray<readonly [string, string]>): Expectation {
  const refused = gatewayVerdict(p);
  if (refused !== undefined) return { ids: new Set([refused]), why: `signed with ${p.key} key, ${p.tamper} tamper` };
  return expectedAfterGateway(params);
}

// ---------------------------------------------------------------------------------------------------------
// Sending, over real sockets
// ---------------------------------------------------------------------------------------------------------

export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** Set when no answer came (timeout, reset...). */
  error?: string;
}

export function send(agent: Agent, port: number, req: Built, timeoutMs: number, retried = false): Promise<HttpAnswer> {
  // No prototype: a header named __proto__ is sent like any other.
  const headers: Record<string, string | string[]> = Object.create(null);
  for (const [name, value] of req.headers) {
    const had = headers[name];
    headers[name] = had === undefined ? value : Array.isArray(had) ? [...had, value] : [had, value];
  }
  if (req.body.length > 0 || req.zeroLength) {
    if (req.chunked) headers['transfer-encoding'] = 'chunked';
    else headers['content-length'] = String(req.body.length);
  }
  return new Promise((resolve) => {
    let settled = false;
    const done = (answer: HttpAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(answer);
    };
    const r = httpRequest({ host: '127.0.0.1', port, method: req.method, path: req.path, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', (e) => done({ status: 0, headers: {}, body: '', error: `response: ${e.message}` }));
      res.on('end', () =>
        done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    const timer = setTimeout(() => r.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    r.on('error', (e: NodeJS.ErrnoException) => {
      // A kept-alive socket the server closed just before we reused it: that request never reached it.
      if (!retried && r.reusedSocket && e.code === 'ECONNRESET') {
        clearTimeout(timer);
        settled = true;
        send(agent, port, req, timeoutMs, true).then(resolve);
        return;
      }
      done({ status: 0, headers: {}, body: '', error: `${e.code ?? ''} ${e.message}`.trim() });
    });
    if (req.chunked && req.body.length > 1) {
      const half = Math.floor(req.body.length / 2);
      r.write(req.body.subarray(0, half));
      r.end(req.body.subarray(half));
    } else r.end(req.body.length > 0 ? req.body : undefined);
  });
}

// ---------------------------------------------------------------------------------------------------------
// Checks of an answer
// ---------------------------------------------------------------------------------------------------------

const validator = schemaValidator();
const xml = new XMLParser({ parseTagValue: false, processEntities: true, ignoreDeclaration: true });

/** Node's view of the request's headers: names lower-cased, repeated Accept joined, the first Content-Type. */
function headerSeen(req: Built, name: string): string | undefined {
  const values = req.headers.filter(([n]) => n.toLowerCase() === name).map(([, v]) => v.trim());
  if (values.length === 0) return undefined;
  return name === 'accept' ? values.join(', ') : values[0];
}

/** Decodes a query or form component as the wire protocol says: '+' is a space; a malformed escape stays as sent. */
function decodeComponent(s: string): string {
  const spaced = s.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}
function pairsOf(text: string): Array<[string, string]> {
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

/** Every way an answer breaks the contract (see the top of this file). */
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

// ---------------------------------------------------------------------------------------------------------
// A fuzzing session: one simulator on a real socket, the answers counted, the ClientToken check across answers
// ---------------------------------------------------------------------------------------------------------

export interface Failure {
  /** The answer: status and catalogue id (or what else came). */
  outcome: string;
  plan: Plan;
  request: string;
  answer: string;
  problems: string[];
}

export class FuzzSession {
  readonly sim = new Simulator({ wallClock: Date });
  readonly server = createSimulatorServer(this.sim);
  readonly agent: Agent;
  port = 0;
  host = '';
  requests = 0;
  readonly byAnswer = new Map<string, number>();
  /** Failing requests, by kind (see failureKind), and the first few of each kind. */
  failed = 0;
  readonly byKind = new Map<string, { count: number; examples: Failure[] }>();
  /** ClientToken → the SnapshotId its first success answered, since the last reset of the world. */
  #tokens = new Map<string, string>();
  #tokenExpiry = new Map<string, number>();
  #nonce = 0;
  readonly #prefix = `fz${Date.now().toString(36)}`;

  constructor(
    readonly timeoutMs = 5000,
    concurrency = 1,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets: concurrency });
    this.#resetTokens();
  }

  async start(): Promise<this> {
    const address = await listen(this.server, 0, '127.0.0.1');
    this.port = address.port;
    this.host = `127.0.0.1:${address.port}`;
    return this;
  }

  #resetTokens() {
    this.#tokens = new Map([[USED_CLIENT_TOKEN, 's-used-token']]);
    this.#tokenExpiry = new Map();
  }

  /** Back to the default world (call it with no request in flight: the ClientToken check starts over). */
  resetWorld(): void {
    this.sim.reset();
    this.#resetTokens();
  }

  readonly context: BuildContext = {
    host: '',
    now: () => this.sim.wallClock.now(),
    nonce: () => `${this.#prefix}-${++this.#nonce}`,
  };

  /** Sends the plan (twice for a replay); the requests whose answers broke the contract. */
  async run(p: Plan, examplesPerKind = 3): Promise<Failure[]> {
    const requests = await build(p, { ...this.context, host: this.host });
    const failures: Failure[] = [];
    for (const req of requests) {
      const answer = await send(this.agent, this.port, req, this.timeoutMs);
      const verdict = checkAnswer(req, answer);
      this.requests++;
      const key = verdict.outcome === 'success' ? '200 success' : `${verdict.status} ${verdict.outcome}`;
      this.byAnswer.set(key, (this.byAnswer.get(key) ?? 0) + 1);
      const found = [...verdict.problems];
      const token = req.expect.clientToken;
      if (verdict.snapshotId !== undefined && token !== undefined) {
        // A record made by a request is forgotten after x-assumptions.clientTokens.ttlSeconds of virtual time.
        const expired = (this.#tokenExpiry.get(token) ?? Number.POSITIVE_INFINITY) <= this.sim.now();
        const first = expired ? undefined : this.#tokens.get(token);
        if (first === undefined) {
          this.#tokens.set(token, verdict.snapshotId);
          this.#tokenExpiry.set(token, this.sim.now() + assumptions.clientTokens.ttlSeconds * 1000);
        } else if (first !== verdict.snapshotId)
          found.push(`ClientToken ${JSON.stringify(token)} answered ${verdict.snapshotId}, and ${first} before`);
      }
      if (found.length > 0) {
        const failure: Failure = {
          outcome: key,
          plan: p,
          request: describeRequest(req),
          answer:
            answer.error ?? `${answer.status} ${String(answer.headers['content-type'])}\n${answer.body.slice(0, 600)}`,
          problems: found,
        };
        failures.push(failure);
        this.failed++;
        const kind = failureKind(failure);
        const entry = this.byKind.get(kind) ?? { count: 0, examples: [] };
        entry.count++;
        if (entry.examples.length < examplesPerKind) entry.examples.push(failure);
        this.byKind.set(kind, entry);
      }
    }
    return failures;
  }

  /** The control plane still answers. */
  async health(): Promise<string> {
    const answer = await send(
      this.agent,
      this.port,
      {
        method: 'GET',
        path: '/_sim/health',
        headers: [],
        body: new Uint8Array(),
        chunked: false,
        zeroLength: false,
        expect: { ids: new Set(), why: '' },
      },
      this.timeoutMs,
    );
    return answer.error ?? `${answer.status} ${answer.body}`;
  }

  async close(): Promise<void> {
    this.agent.destroy();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}

/** A failure's kind, for counting: its first problem without the values that change from request to request. */
export function failureKind(f: Failure): string {
  const problem = f.problems[0] ?? '';
  const what = problem.split(/ — |, want |: /)[0] ?? '';
  return `${f.outcome}: ${what}`
    .replace(/"[^"]*"/g, '"…"')
    .replace(/s-sim\w+/g, 's-…')
    .slice(0, 160)
    .trim();
}

/** A failure, for a report: the problems, then the request as sent, then the answer. */
export function formatFailure(f: Failure): string {
  return [
    `problems: ${f.problems.join('\n          ')}`,
    '--- request',
    f.request,
    '--- answer',
    f.answer,
    '--- plan',
    fc.stringify(f.plan).slice(0, 2000),
  ].join('\n');
}
