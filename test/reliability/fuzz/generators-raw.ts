/**
 * Generators of raw plans (anything at all, never correctly signed: query and form segments, V1 and V3
 * shapes plausible or broken, any header, any body), and of every plan: the mix `npm test` sends, and the
 * one scripts/fuzz.ts sends with a plan past a limit now and then.
 */
import fc from 'fast-check';
import { FORBIDDEN_ACCESS_KEY_ID, INACTIVE_ACCESS_KEY_ID } from '../../../src/core/default-world.js';
import { DEFAULT_ACCESS_KEY_ID } from '../../../src/core/world-document.js';
import {
  API_NAMES,
  acceptValue,
  anyText,
  COMMON,
  FIXTURE_DISK_IDS,
  HEADER_VALUE_CHARS,
  headerName,
  headerValue,
  PROTOTYPE_NAMES,
  pick,
  rawPath,
  repeat,
  SIGNED_BASE_HEADERS,
  weighted,
} from './generators-common.js';
import { signedPlan } from './generators-signed.js';
import {
  FUTURE,
  METHODS,
  type Method,
  NOW,
  NOW_MS,
  OLD,
  type Plan,
  type RawBody,
  type RawPlan,
  type Segment,
} from './plans.js';

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
