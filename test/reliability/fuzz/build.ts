/**
 * Building: a plan becomes bytes on the wire (signed now, with a fresh nonce), with what its answer may be.
 * Signed plans are built here (V1 GET or POST, V3 as the SDKs send it, tampered with or replayed as the plan
 * says); raw ones in build-raw.ts; build() builds either.
 */
import { FORBIDDEN_ACCESS_KEY_ID, INACTIVE_ACCESS_KEY_ID } from '../../../src/core/default-world.js';
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET } from '../../../src/core/world-document.js';
import { nodeHasher } from '../../../src/protocol/node-hasher.js';
import { timestampOf } from '../../../src/protocol/sign-request.js';
import { signV1 } from '../../../src/protocol/signature-v1.js';
import { signV3 } from '../../../src/protocol/signature-v3.js';
import { buildRaw } from './build-raw.js';
import { isControlPlane, RESERVED_HEADERS, SIGNED_BASE_HEADERS } from './generators-common.js';
import { expectationOfSigned, gatewayVerdict } from './oracle.js';
import { BOUNDS, type BuildContext, type Built, type Plan, type SignedPlan } from './plans.js';
import { encodePairs, utf8 } from './wire.js';

const KEYS: Record<SignedPlan['key'], { accessKeyId: string; accessKeySecret: string }> = {
  default: { accessKeyId: DEFAULT_ACCESS_KEY_ID, accessKeySecret: DEFAULT_ACCESS_KEY_SECRET },
  inactive: { accessKeyId: INACTIVE_ACCESS_KEY_ID, accessKeySecret: DEFAULT_ACCESS_KEY_SECRET },
  forbidden: { accessKeyId: FORBIDDEN_ACCESS_KEY_ID, accessKeySecret: DEFAULT_ACCESS_KEY_SECRET },
  unknown: { accessKeyId: 'LTAI5tFuzzUnknownKey0001', accessKeySecret: 'FuzzUnknownSecret' },
};

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
