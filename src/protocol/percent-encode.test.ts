import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalQuery, type ParamPair, percentEncode } from './percent-encode.js';

// Byte-by-byte reference implementation of `pe` straight from wire-protocol.md, "Signature algorithms".
function referencePercentEncode(s: string): string {
  let out = '';
  for (const byte of new TextEncoder().encode(s)) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

describe('percentEncode', () => {
  it.each([
    { given: '', want: '' },
    { given: 'AZaz09-_.~', want: 'AZaz09-_.~' },
    { given: 'a b', want: 'a%20b' },
    { given: '*', want: '%2A' },
    { given: '!', want: '%21' },
    { given: "'", want: '%27' },
    { given: '(', want: '%28' },
    { given: ')', want: '%29' },
    { given: "!'()*", want: '%21%27%28%29%2A' },
    { given: '~', want: '~' },
    { given: '+', want: '%2B' },
    { given: '1+1', want: '1%2B1' },
    { given: '快照', want: '%E5%BF%AB%E7%85%A7' },
    { given: 'é', want: '%C3%A9' },
    { given: '😀', want: '%F0%9F%98%80' },
    { given: '/', want: '%2F' },
    { given: 'a=b&c', want: 'a%3Db%26c' },
    { given: '%2F', want: '%252F' },
    { given: '2016-02-23T12:46:24Z', want: '2016-02-23T12%3A46%3A24Z' },
    { given: 'line\nbreak\t', want: 'line%0Abreak%09' },
    // Lone surrogates become U+FFFD, as TextEncoder (and a UTF-8 wire) would make them.
    { given: 'x\uD800y', want: 'x%EF%BF%BDy' },
    { given: '\uDC00', want: '%EF%BF%BD' },
  ])('pe($given) = $want', ({ given, want }) => {
    expect(percentEncode(given)).toBe(want);
  });

  it('matches the byte-level reference for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(percentEncode(s)).toBe(referencePercentEncode(s));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('canonicalQuery', () => {
  const cases: ReadonlyArray<{ name: string; given: ParamPair[]; want: string }> = [
    { name: 'empty', given: [], want: '' },
    { name: 'single pair', given: [['Action', 'CreateSnapshot']], want: 'Action=CreateSnapshot' },
    { name: 'empty value keeps "="', given: [['Description', '']], want: 'Description=' },
    {
      name: 'byte order, upper-case before lower-case (not locale order)',
      given: [
        ['a', '1'],
        ['B', '2'],
      ],
      want: 'B=2&a=1',
    },
    {
      name: 'sorted after encoding: %C3%A9 sorts before z',
      given: [
        ['z', '1'],
        ['é', '2'],
      ],
      want: '%C3%A9=2&z=1',
    },
    {
      name: 'Tag.1 before Tag.10',
      given: [
        ['Tag.10.Key', 'k10'],
        ['Tag.2.Key', 'k2'],
        ['Tag.1.Key', 'k1'],
      ],
      want: 'Tag.1.Key=k1&Tag.10.Key=k10&Tag.2.Key=k2',
    },
    {
      name: 'by name, not by the joined name=value string',
      given: [
        ['a-b', '1'],
        ['a', '1'],
      ],
      want: 'a=1&a-b=1',
    },
    {
      name: 'repeated names tie-break on encoded value',
      given: [
        ['k', 'b'],
        ['k', 'a b'],
        ['k', 'a'],
      ],
      want: 'k=a&k=a%20b&k=b',
    },
    {
      name: 'names and values encoded',
      given: [
        ['SnapshotName', '快照 (1)*'],
        ['Description', 'x+y!'],
      ],
      want: 'Description=x%2By%21&SnapshotName=%E5%BF%AB%E7%85%A7%20%281%29%2A',
    },
  ];
  it.each(cases)('$name', ({ given, want }) => {
    expect(canonicalQuery(given)).toBe(want);
  });

  it('does not reorder its input', () => {
    const given: ParamPair[] = [
      ['b', '1'],
      ['a', '2'],
    ];
    canonicalQuery(given);
    expect(given).toEqual([
      ['b', '1'],
      ['a', '2'],
    ]);
  });
});
