import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parametersLater, readApiRequest } from './api-request.js';
import type { WireRequest } from './wire.js';

const wire = (url: string, body = '', headers: Record<string, string> = {}): WireRequest => ({
  method: body === '' ? 'get' : 'POST',
  url,
  header: (name) => headers[name],
  body,
});

describe('readApiRequest', () => {
  it('reads parameters named like Object.prototype members as parameters, nothing more', () => {
    const r = readApiRequest(wire('/?__proto__=p&constructor=c&toString=t&hasOwnProperty=h&DiskId=d-1'));
    const proto = '__proto__';
    expect(r.params[proto]).toBe('p');
    expect(r.params.constructor).toBe('c');
    expect(r.apiParams.toString).toBe('t');
    expect(r.apiParams.hasOwnProperty).toBe('h');
    expect(Object.keys(r.apiParams)).toEqual(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'DiskId']);
    expect(JSON.parse(JSON.stringify(r.params))).toEqual({
      ['__proto__']: 'p',
      constructor: 'c',
      toString: 't',
      hasOwnProperty: 'h',
      DiskId: 'd-1',
    });
    // Absent names are absent, whatever Object.prototype has.
    expect(readApiRequest(wire('/?DiskId=d-1')).params.constructor).toBeUndefined();
    expect(readApiRequest(wire('/?DiskId=d-1')).apiParams.valueOf).toBeUndefined();
  });

  it('takes the first occurrence of a name, query before form body, and keeps every pair for the signature', () => {
    const r = readApiRequest(
      wire('/?DiskId=d-1&Action=CreateSnapshot&DiskId=d-2', 'DiskId=d-3&SnapshotName=s%20n', {
        'content-type': 'application/x-www-form-urlencoded',
      }),
    );
    expect(r.params.DiskId).toBe('d-1');
    expect(r.apiParams).toEqual({ DiskId: 'd-1', SnapshotName: 's n' });
    expect(r.params.Action).toBe('CreateSnapshot');
    expect(r.query).toHaveLength(3);
    expect(r.pairs.map(([n]) => n)).toEqual(['DiskId', 'Action', 'DiskId', 'DiskId', 'SnapshotName']);
  });

  it('upper-cases the method and ignores a body that is not a form', () => {
    const r = readApiRequest({ ...wire('/?DiskId=d-1', 'DiskId=d-2'), method: 'post' });
    expect(r.method).toBe('POST');
    expect(r.pairs).toEqual([['DiskId', 'd-1']]);
  });

  it('decodes the same parameters later, for the journal, from the query and the form body', () => {
    const piece = fc.string({
      unit: fc.constantFrom('a', 'B', '=', '&', '%', '%41', '+', '%E4%BD%A0', '_', 'Tag.1.Key'),
    });
    fc.assert(
      fc.property(piece, piece, (query, form) => {
        const r = readApiRequest(
          wire(`/?${query}`, form, { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }),
        );
        expect(parametersLater(r.queryText, r.form)()).toEqual(r.params);
      }),
      { numRuns: 300 },
    );
  });
});
