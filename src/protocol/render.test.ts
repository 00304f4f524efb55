import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assumptions, EDITIONS, errorCatalogue, factsOf, renderMessage } from '../catalogue.js';
import { type Format, recommendUrl, renderError, renderSuccess } from './render.js';

// The bodies by their definition (the description's examples): JSON.stringify of the fields, or this XML layout.
const escapeXml = (s: string) =>
  s.replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));
function body(format: Format, root: string, fields: Record<string, string>): string {
  if (format === 'JSON') return JSON.stringify(fields);
  let xml = `<?xml version='1.0' encoding='UTF-8'?>\n<${root}>\n`;
  for (const [k, v] of Object.entries(fields)) xml += `  <${k}>${escapeXml(v)}</${k}>\n`;
  return `${xml}</${root}>\n`;
}
const recommend = (code: string, requestId: string) =>
  assumptions.recommendUrl.replace('{Code}', code).replace('{RequestId}', requestId);

const formats: Format[] = ['JSON', 'XML'];
// Quotes, markup, backslashes, control characters, non-ASCII: everything the templates must escape as before.
const awkward = fc.string({
  unit: fc.constantFrom('a', '"', '<', '>', '&', '\\', '\n', '\u0001', '快', '😀', ' ', '\ud800', '\udc00'),
});

describe('renderSuccess', () => {
  it.each(formats)('%s: the fields, exactly', (format) => {
    fc.assert(
      fc.property(awkward, awkward, (requestId, snapshotId) => {
        const r = renderSuccess(format, requestId, snapshotId);
        expect(r.status).toBe(200);
        expect(r.headers['x-acs-request-id']).toBe(requestId);
        expect(r.body).toBe(body(format, 'CreateSnapshotResponse', { RequestId: requestId, SnapshotId: snapshotId }));
      }),
    );
  });
});

describe('renderError', () => {
  it.each(formats.flatMap((f) => EDITIONS.map((e) => [f, e] as const)))(
    '%s, edition %s: every catalogue entry, with and without a parameter name, a detail and a host',
    (format, edition) => {
      for (const entry of Object.values(errorCatalogue)) {
        fc.assert(
          fc.property(
            awkward,
            fc.option(awkward, { nil: undefined }),
            fc.option(awkward, { nil: undefined }),
            fc.option(awkward, { nil: undefined }),
            (id, name, detail, host) => {
              const r = renderError(
                format,
                id,
                {
                  entry,
                  ...(name === undefined ? {} : { parameterName: name }),
                  ...(detail === undefined ? {} : { detail }),
                },
                { edition, ...(host === undefined ? {} : { host }) },
              );
              const message = renderMessage(entry, name, undefined, edition);
              expect(r.status).toBe(factsOf(entry, edition).status);
              expect(r.headers).toMatchObject({ 'x-acs-request-id': id, 'access-control-allow-origin': '*' });
              expect(r.body).toBe(
                body(format, 'Error', {
                  RequestId: id,
                  HostId: host || assumptions.hostId,
                  Code: entry.code,
                  Message: detail === undefined ? message : `${message} ${detail}`,
                  Recommend: recommend(entry.code, id),
                }),
              );
            },
          ),
          { numRuns: 20 },
        );
      }
    },
  );

  it('carries the rate-limit headers on throttling answers only', () => {
    const throttled = renderError(
      'JSON',
      'R-1',
      { entry: errorCatalogue.find((e) => e.id === 'Throttling') as never },
      { now: 1000 },
    );
    expect(throttled.status).toBe(403); // today's page
    expect(throttled.headers['x-ratelimit-user']).toBe(
      `Limit:${assumptions.rateLimit.limit},Remain:0,TimeLeft:${assumptions.rateLimit.timeLeftMs},Reset:${1000 + assumptions.rateLimit.timeLeftMs}`,
    );
    expect(throttled.headers['x-ratelimit-user-api']).toBe(throttled.headers['x-ratelimit-user']);
    const older = renderError(
      'JSON',
      'R-1',
      { entry: errorCatalogue.find((e) => e.id === 'Throttling') as never },
      { edition: 'older-zh-CN' },
    );
    expect(older.status).toBe(400);
    const other = renderError('JSON', 'R-1', { entry: errorCatalogue[0] as never });
    expect(other.headers['x-ratelimit-user']).toBeUndefined();
    expect(other.headers['x-acs-trace-id']).toMatch(/^[0-9a-z]+$/);
  });

  it('puts the code and the RequestId into the Recommend URL', () => {
    expect(recommendUrl('InvalidDiskId.NotFound', 'R-1')).toBe(recommend('InvalidDiskId.NotFound', 'R-1'));
  });
});
