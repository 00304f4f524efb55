import { describe, expect, it } from 'vitest';
import type { Hasher } from './hash.js';
import { nodeHasher } from './node-hasher.js';
import type { ParamPair } from './percent-encode.js';
import {
  canonicalRequestV3,
  type ParsedAuthorization,
  parseAuthorization,
  signV3,
  stringToSignV3,
  verifyV3,
} from './signature-v3.js';
import { webHasher } from './web-hasher.js';

const hashers: ReadonlyArray<{ name: string; hasher: Hasher }> = [
  { name: 'nodeHasher', hasher: nodeHasher },
  { name: 'webHasher', hasher: webHasher },
];

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

// Published vector, wire-protocol.md "Signature algorithms" (V3).
const vector = {
  method: 'POST',
  query: [
    ['ImageId', 'win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd'],
    ['RegionId', 'cn-shanghai'],
  ] as ParamPair[],
  headers: {
    host: 'ecs.cn-shanghai.aliyuncs.com',
    'x-acs-action': 'RunInstances',
    'x-acs-version': '2014-05-26',
    'x-acs-date': '2023-10-26T10:22:32Z',
    'x-acs-signature-nonce': '3156853299f313e23d1673dc12e1703d',
    'x-acs-content-sha256': EMPTY_SHA256,
  } as Record<string, string>,
  signedHeaders: [
    'host',
    'x-acs-action',
    'x-acs-content-sha256',
    'x-acs-date',
    'x-acs-signature-nonce',
    'x-acs-version',
  ],
  body: '',
  accessKeyId: 'YourAccessKeyId',
  accessKeySecret: 'YourAccessKeySecret',
  signature: '06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0',
};
const vectorCanonicalRequest = [
  'POST',
  '/',
  'ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai',
  'host:ecs.cn-shanghai.aliyuncs.com',
  'x-acs-action:RunInstances',
  `x-acs-content-sha256:${EMPTY_SHA256}`,
  'x-acs-date:2023-10-26T10:22:32Z',
  'x-acs-signature-nonce:3156853299f313e23d1673dc12e1703d',
  'x-acs-version:2014-05-26',
  '',
  'host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version',
  EMPTY_SHA256,
].join('\n');
const vectorAuthorization = `ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=${vector.signedHeaders.join(';')},Signature=${vector.signature}`;

describe('parseAuthorization', () => {
  it.each<{ name: string; given: string; want: ParsedAuthorization }>([
    {
      name: 'canonical form',
      given: 'ACS3-HMAC-SHA256 Credential=AKID,SignedHeaders=host;x-acs-date,Signature=abc123',
      want: {
        ok: true,
        algorithm: 'ACS3-HMAC-SHA256',
        accessKeyId: 'AKID',
        signedHeaders: ['host', 'x-acs-date'],
        signature: 'abc123',
      },
    },
    {
      name: 'spaces after commas and around the header',
      given: '  ACS3-HMAC-SHA256 Credential=AKID, SignedHeaders=host, Signature=abc  ',
      want: { ok: true, algorithm: 'ACS3-HMAC-SHA256', accessKeyId: 'AKID', signedHeaders: ['host'], signature: 'abc' },
    },
    {
      name: 'fields in another order',
      given: 'ACS3-HMAC-SHA256 Signature=abc,Credential=AKID,SignedHeaders=host',
      want: { ok: true, algorithm: 'ACS3-HMAC-SHA256', accessKeyId: 'AKID', signedHeaders: ['host'], signature: 'abc' },
    },
    {
      name: 'other algorithm is returned for the caller to reject',
      given: 'ACS3-RSA-SHA256 Credential=AKID,SignedHeaders=host,Signature=abc',
      want: { ok: true, algorithm: 'ACS3-RSA-SHA256', accessKeyId: 'AKID', signedHeaders: ['host'], signature: 'abc' },
    },
    { name: 'empty', given: '', want: { ok: false, reason: expect.any(String) as string } },
    { name: 'algorithm only', given: 'ACS3-HMAC-SHA256', want: { ok: false, reason: expect.any(String) as string } },
    {
      name: 'missing Credential',
      given: 'ACS3-HMAC-SHA256 SignedHeaders=host,Signature=abc',
      want: { ok: false, reason: 'missing Credential' },
    },
    {
      name: 'missing SignedHeaders',
      given: 'ACS3-HMAC-SHA256 Credential=AKID,Signature=abc',
      want: { ok: false, reason: 'missing SignedHeaders' },
    },
    {
      name: 'empty Signature',
      given: 'ACS3-HMAC-SHA256 Credential=AKID,SignedHeaders=host,Signature=',
      want: { ok: false, reason: 'missing Signature' },
    },
    {
      name: 'field without "="',
      given: 'ACS3-HMAC-SHA256 Credential=AKID,SignedHeaders,Signature=abc',
      want: { ok: false, reason: expect.stringContaining('malformed') as string },
    },
    {
      name: 'duplicate field',
      given: 'ACS3-HMAC-SHA256 Credential=A,Credential=B,SignedHeaders=host,Signature=abc',
      want: { ok: false, reason: expect.stringContaining('duplicate') as string },
    },
  ])('$name', ({ given, want }) => {
    expect(parseAuthorization(given)).toEqual(want);
  });
});

describe('canonicalRequestV3', () => {
  it('builds the published vector canonical request', () => {
    expect(
      canonicalRequestV3({
        method: vector.method,
        query: vector.query,
        headers: (name) => vector.headers[name],
        signedHeaders: vector.signedHeaders,
        hashedPayload: EMPTY_SHA256,
      }),
    ).toBe(vectorCanonicalRequest);
  });

  it.each([
    { name: 'trims header values', value: '  v  ', want: 'x-a:v\n' },
    { name: 'keeps inner spaces', value: 'a  b', want: 'x-a:a  b\n' },
    { name: 'absent signed header signs as empty', value: undefined, want: 'x-a:\n' },
  ])('$name', ({ value, want }) => {
    const request = canonicalRequestV3({
      method: 'GET',
      query: [['q', 'a b*']],
      headers: (name) => (name === 'x-a' ? value : undefined),
      signedHeaders: ['x-a'],
      hashedPayload: EMPTY_SHA256,
    });
    expect(request).toBe(`GET\n/\nq=a%20b%2A\n${want}\nx-a\n${EMPTY_SHA256}`);
  });
});

describe.each(hashers)('V3 with $name', ({ hasher }) => {
  it('reproduces the published vector', async () => {
    const signed = await signV3(hasher, vector);
    expect(signed).toEqual({ authorization: vectorAuthorization, contentSha256: EMPTY_SHA256 });
    expect(await verifyV3(hasher, { ...vector, authorization: vectorAuthorization })).toEqual({ ok: true });
  });

  it('hashes the string to sign', async () => {
    const toSign = await stringToSignV3(hasher, vectorCanonicalRequest);
    expect(toSign).toMatch(/^ACS3-HMAC-SHA256\n[0-9a-f]{64}$/);
    expect(toSign).toBe(await stringToSignV3(nodeHasher, vectorCanonicalRequest));
  });

  it('hashes string and byte bodies alike', async () => {
    const text = '{"快照":"x"}';
    expect(await hasher.sha256Hex(text)).toBe(await hasher.sha256Hex(new TextEncoder().encode(text)));
    expect(await hasher.sha256Hex('')).toBe(EMPTY_SHA256);
  });

  // A CreateSnapshot request as ecs20140526 sends it, with a retry header signed too.
  const body = 'a=1';
  const base = {
    method: 'POST',
    query: [
      ['DiskId', 'd-123'],
      ['SnapshotName', '快照 (nightly)*'],
      ['Description', '1+1!'],
      ['Tag.1.Key', 'env'],
    ] as ParamPair[],
    headers: {
      host: '127.0.0.1:8080',
      'x-acs-action': 'CreateSnapshot',
      'x-acs-version': '2014-05-26',
      'x-acs-date': '2026-11-29T06:17:30Z',
      'x-acs-signature-nonce': 'abcdef',
      'x-acs-retry-attempts': '1',
      accept: 'application/json',
    } as Record<string, string>,
    signedHeaders: [
      'host',
      'x-acs-action',
      'x-acs-content-sha256',
      'x-acs-date',
      'x-acs-retry-attempts',
      'x-acs-signature-nonce',
      'x-acs-version',
    ],
    body,
    accessKeyId: 'AKID',
    accessKeySecret: 'secret',
  };
  type Request = Omit<typeof base, 'headers'> & { headers: Record<string, string | undefined>; authorization: string };
  const signedRequest = async (): Promise<Request> => {
    const { authorization, contentSha256 } = await signV3(hasher, base);
    return { ...base, headers: { ...base.headers, 'x-acs-content-sha256': contentSha256 }, authorization };
  };
  const flipLastChar = (s: string): string => s.slice(0, -1) + (s.endsWith('0') ? '1' : '0');

  it('passes the untouched request, with a function or an object of any-case headers', async () => {
    const request = await signedRequest();
    expect(await verifyV3(hasher, request)).toEqual({ ok: true });
    expect(await verifyV3(hasher, { ...request, headers: (name) => request.headers[name] })).toEqual({ ok: true });
    const upper = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.toUpperCase(), v]));
    expect(await verifyV3(hasher, { ...request, headers: upper })).toEqual({ ok: true });
  });

  it('ignores unsigned headers', async () => {
    const request = await signedRequest();
    expect(await verifyV3(hasher, { ...request, headers: { ...request.headers, accept: 'text/xml' } })).toEqual({
      ok: true,
    });
  });

  it.each<{ name: string; reason: string; mutate: (r: Request) => Request }>([
    {
      name: 'tampered query value',
      reason: 'signature-mismatch',
      mutate: (r) => ({ ...r, query: r.query.map(([k, v]) => (k === 'DiskId' ? [k, 'd-999'] : [k, v])) }),
    },
    {
      name: '"+" read as a space',
      reason: 'signature-mismatch',
      mutate: (r) => ({ ...r, query: r.query.map(([k, v]) => (k === 'Description' ? [k, '1 1!'] : [k, v])) }),
    },
    {
      name: 'added query parameter',
      reason: 'signature-mismatch',
      mutate: (r) => ({ ...r, query: [...r.query, ['RetentionDays', '7']] }),
    },
    {
      name: 'tampered signed header',
      reason: 'signature-mismatch',
      mutate: (r) => ({ ...r, headers: { ...r.headers, 'x-acs-action': 'DeleteSnapshot' } }),
    },
    {
      name: 'missing signed header',
      reason: 'signature-mismatch',
      mutate: (r) => ({ ...r, headers: { ...r.headers, 'x-acs-retry-attempts': undefined } }),
    },
    { name: 'wrong secret', reason: 'signature-mismatch', mutate: (r) => ({ ...r, accessKeySecret: 'wrong' }) },
    { name: 'different method', reason: 'signature-mismatch', mutate: (r) => ({ ...r, method: 'GET' }) },
    {
      name: 'tampered signature',
      reason: 'signature-mismatch',
      mutate: (r) => ({ ...r, authorization: flipLastChar(r.authorization) }),
    },
    {
      name: 'wrong x-acs-content-sha256',
      reason: 'content-sha256-mismatch',
      mutate: (r) => ({ ...r, headers: { ...r.headers, 'x-acs-content-sha256': EMPTY_SHA256 } }),
    },
    {
      name: 'missing x-acs-content-sha256',
      reason: 'content-sha256-mismatch',
      mutate: (r) => ({
        ...r,
        headers: Object.fromEntries(Object.entries(r.headers).filter(([k]) => k !== 'x-acs-content-sha256')),
      }),
    },
    { name: 'tampered body', reason: 'content-sha256-mismatch', mutate: (r) => ({ ...r, body: 'a=2' }) },
  ])('fails on $name', async ({ reason, mutate }) => {
    const request = mutate(await signedRequest());
    const result = await verifyV3(hasher, request);
    expect(result).toMatchObject({ ok: false, reason });
    if (!result.ok && 'canonicalRequest' in result) {
      expect(result.stringToSign).toBe(await stringToSignV3(hasher, result.canonicalRequest));
      // The server's canonical request always ends with its own hash of the body.
      expect(result.canonicalRequest.endsWith(`\n${await hasher.sha256Hex(request.body)}`)).toBe(true);
    }
  });

  it.each([
    { name: 'malformed header', authorization: 'Bearer', reason: 'malformed-authorization' },
    {
      name: 'other algorithm',
      authorization: 'ACS3-RSA-SHA256 Credential=AKID,SignedHeaders=host,Signature=abc',
      reason: 'unsupported-algorithm',
    },
  ])('rejects $name before hashing', async ({ authorization, reason }) => {
    const request = await signedRequest();
    expect(await verifyV3(hasher, { ...request, authorization })).toMatchObject({ ok: false, reason });
  });
});
