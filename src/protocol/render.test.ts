import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assumptions, errorCatalogue, renderMessage } from '../catalogue.js';
import { type Format, recommendUrl, renderError, renderSuccess } from './render.js';

// The bodies by their definition (the description's examples): JSON.stringify of the fields, or this XML layout.
const escapeXml = (s: string) =>
  s.replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));
function body(format: Format, root: string, fields: Record<string, string>): string {
  if (format === 'JSON') return JSON.stringify(fields);
  let xml = `<?xml version="1.0" encoding="UTF-8"?>\n<${root}>\n`;
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
  it.each(formats)('%s: every catalogue entry, with and without a parameter name and a detail', (format) => {
    for (const entry of Object.values(errorCatalogue)) {
      fc.assert(
        fc.property(
          awkward,
          fc.option(awkward, { nil: undefined }),
          fc.option(awkward, { nil: undefined }),
          (id, name, detail) => {
            const r = renderError(format, id, {
              entry,
              ...(name === undefined ? {} : { parameterName: name }),
              ...(detail === undefined ? {} : { detail }),
            });
            const message = renderMessage(entry, name);
            expect(r.status).toBe(entry.status);
            expect(r.body).toBe(
              body(format, 'Error', {
                RequestId: id,
                HostId: assumptions.hostId,
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
  });

  it('puts the code and the RequestId into the Recommend URL', () => {
    expect(recommendUrl('InvalidDiskId.NotFound', 'R-1')).toBe(recommend('InvalidDiskId.NotFound', 'R-1'));
  });
});
