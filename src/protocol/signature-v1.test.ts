import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Hasher } from './hash.js';
import { nodeHasher } from './node-hasher.js';
import { canonicalQuery, type ParamPair, percentEncode } from './percent-encode.js';
import { signV1, stringToSignV1, verifyV1 } from './signature-v1.js';
import { webHasher } from './web-hasher.js';

const hashers: ReadonlyArray<{ name: string; hasher: Hasher }> = [
  { name: 'nodeHasher', hasher: nodeHasher },
  { name: 'webHasher', hasher: webHasher },
];

// Published vector, wire-protocol.md "Signature algorithms" (V1).
const vectorParams: ReadonlyArray<ParamPair> = [
  ['AccessKeyId', 'testid'],
  ['Action', 'DescribeRegions'],
  ['Format', 'XML'],
  ['SignatureMethod', 'HMAC-SHA1'],
  ['SignatureNonce', '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf'],
  ['SignatureVersion', '1.0'],
  ['Timestamp', '2016-02-23T12:46:24Z'],
  ['Version', '2014-05-26'],
];
const vectorSecret = 'testsecret';
const vectorSignature = 'OLeaidS1JvxuMvnyHOwuJ+uX5qY=';
const vectorStringToSign =
  'GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML' +
  '%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf' +
  '%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26';

const createSnapshotParams: ReadonlyArray<ParamPair> = [
  ['Action', 'CreateSnapshot'],
  ['Version', '2014-05-26'],
  ['Format', 'JSON'],
  ['AccessKeyId', 'testid'],
  ['SignatureMethod', 'HMAC-SHA1'],
  ['SignatureVersion', '1.0'],
  ['SignatureNonce', 'n-1'],
  ['Timestamp', '2026-11-29T06:17:30Z'],
  ['DiskId', 'd-123'],
  ['SnapshotName', '快照 (nightly)*'],
  ['Description', "1+1 isn't ~2!"],
  ['Tag.1.Key', 'env'],
  ['Tag.1.Value', 'prod'],
];

describe('stringToSignV1', () => {
  it.each([
    { name: 'published vector', method: 'GET', params: vectorParams, want: vectorStringToSign },
    {
      name: 'drops Signature, upper-cases the method',
      method: 'post',
      params: [
        ['Signature', 'x'],
        ['B', 'b c'],
        ['A', '*'],
      ] as ParamPair[],
      want: 'POST&%2F&A%3D%252A%26B%3Db%2520c',
    },
  ])('$name', ({ method, params, want }) => {
    expect(stringToSignV1(method, params)).toBe(want);
  });

  it('is independent of parameter order', () => {
    expect(stringToSignV1('GET', [...vectorParams].reverse())).toBe(vectorStringToSign);
  });

  it('is METHOD & pe("/") & pe(canonicalQuery(params without Signature)), as the reference defines it', () => {
    // Names that are prefixes of each other, repeated names and '%', '=', '&' in names and values.
    const text = fc.string({ unit: fc.constantFrom('a', 'A', 'b', '.', '%', '=', '&', '*', ' ', 'é', '1', '~') });
    const pair = fc.tuple(fc.oneof(text, fc.constant('Signature'), fc.constant('a')), text);
    fc.assert(
      fc.property(fc.array(pair, { maxLength: 12 }), fc.constantFrom('GET', 'post'), (params, method) => {
        const canonical = canonicalQuery(params.filter(([name]) => name !== 'Signature'));
        expect(stringToSignV1(method, params)).toBe(`${method.toUpperCase()}&%2F&${percentEncode(canonical)}`);
      }),
      { numRuns: 500 },
    );
  });
});

describe.each(hashers)('V1 with $name', ({ hasher }) => {
  it('reproduces the published vector', async () => {
    expect(await signV1(hasher, 'GET', vectorParams, vectorSecret)).toBe(vectorSignature);
    expect(
      await verifyV1(hasher, {
        method: 'GET',
        params: [...vectorParams, ['Signature', vectorSignature]],
        accessKeySecret: vectorSecret,
      }),
    ).toEqual({ ok: true });
  });

  it.each([
    { signatureMethod: 'HMAC-SHA1' as const, length: 28 },
    { signatureMethod: 'HMAC-SHA256' as const, length: 44 },
  ])('round-trips with SignatureMethod $signatureMethod', async ({ signatureMethod, length }) => {
    const params: ParamPair[] = createSnapshotParams.map(([k, v]) =>
      k === 'SignatureMethod' ? [k, signatureMethod] : [k, v],
    );
    const signature = await signV1(hasher, 'POST', params, 'secret', signatureMethod);
    expect(signature).toHaveLength(length);
    expect(
      await verifyV1(hasher, {
        method: 'POST',
        params: [...params, ['Signature', signature]],
        accessKeySecret: 'secret',
      }),
    ).toEqual({ ok: true });
  });

  it('agrees with the other hasher on HMAC-SHA256', async () => {
    const [a, b] = await Promise.all([
      signV1(hasher, 'GET', vectorParams, vectorSecret, 'HMAC-SHA256'),
      signV1(nodeHasher, 'GET', vectorParams, vectorSecret, 'HMAC-SHA256'),
    ]);
    expect(a).toBe(b);
  });

  const signed = async (): Promise<ParamPair[]> => [
    ...createSnapshotParams,
    ['Signature', await signV1(hasher, 'GET', createSnapshotParams, 'secret')],
  ];

  it.each<{ name: string; method?: string; secret?: string; mutate: (p: ParamPair[]) => ParamPair[] }>([
    { name: 'tampered parameter value', mutate: (p) => p.map(([k, v]) => (k === 'DiskId' ? [k, 'd-999'] : [k, v])) },
    { name: 'added parameter', mutate: (p) => [...p, ['RetentionDays', '7']] },
    { name: 'removed parameter', mutate: (p) => p.filter(([k]) => k !== 'Description') },
    {
      name: '"+" read as a space',
      mutate: (p) => p.map(([k, v]) => (k === 'Description' ? [k, v.replace('+', ' ')] : [k, v])),
    },
    {
      name: 'tampered signature',
      mutate: (p) => p.map(([k, v]) => (k === 'Signature' ? [k, `A${v.slice(1)}`] : [k, v])),
    },
    { name: 'missing signature', mutate: (p) => p.filter(([k]) => k !== 'Signature') },
    { name: 'wrong secret', secret: 'wrong', mutate: (p) => p },
    { name: 'different method', method: 'POST', mutate: (p) => p },
    {
      name: 'SignatureMethod switched to HMAC-SHA256',
      mutate: (p) => p.map(([k, v]) => (k === 'SignatureMethod' ? [k, 'HMAC-SHA256'] : [k, v])),
    },
  ])('fails on $name', async ({ method = 'GET', secret = 'secret', mutate }) => {
    const params = mutate(await signed());
    const result = await verifyV1(hasher, { method, params, accessKeySecret: secret });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.stringToSign).toBe(stringToSignV1(method, params));
      expect(result.expected).toMatch(/^[A-Za-z0-9+/]+=*$/);
    }
  });

  it('passes the untouched request', async () => {
    expect(await verifyV1(hasher, { method: 'GET', params: await signed(), accessKeySecret: 'secret' })).toEqual({
      ok: true,
    });
  });
});
