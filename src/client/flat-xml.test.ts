import { describe, expect, it } from 'vitest';
import { catalogueEntry } from '../catalogue.js';
import { renderError, renderSuccess } from '../protocol/render.js';
import { readFlatXml } from './flat-xml.js';

describe('readFlatXml', () => {
  it('reads the simulator’s XML success and error bodies', () => {
    expect(readFlatXml(renderSuccess('XML', 'R-1', 's-1').body)).toEqual({
      root: 'CreateSnapshotResponse',
      fields: { RequestId: 'R-1', SnapshotId: 's-1' },
    });
    const error = readFlatXml(
      renderError('XML', 'R-2', { entry: catalogueEntry('MissingParameter'), parameterName: 'DiskId' }).body,
    );
    expect(error?.root).toBe('Error');
    expect(error?.fields).toMatchObject({ Code: 'MissingParameter', RequestId: 'R-2', HostId: 'ecs.aliyuncs.com' });
    expect(error?.fields.Message).toContain('"DiskId"');
    expect(error?.fields.Recommend).toContain('&product=Ecs&');
  });

  it('decodes entities and CDATA, keeps whitespace inside text', () => {
    const xml =
      '<R><A>a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos; &#20013;&#x6587;</A><B><![CDATA[<raw> & ]]> x</B><C> sp </C></R>';
    expect(readFlatXml(xml)?.fields).toEqual({ A: 'a & b <c> "d" \'e\' 中文', B: '<raw> &  x', C: ' sp ' });
  });

  it('accepts a declaration, comments, attributes, empty and self-closing fields', () => {
    const xml =
      '\uFEFF<?xml version="1.0"?>\n<!-- hi -->\n<R xmlns="urn:x">\n  <!-- c -->\n  <A/>\n  <B></B>\n  <C id="1">v</C>\n</R>\n';
    expect(readFlatXml(xml)).toEqual({ root: 'R', fields: { A: '', B: '', C: 'v' } });
    expect(readFlatXml('<R/>')).toEqual({ root: 'R', fields: {} });
  });

  it('skips nested elements, keeps the first of repeated fields, and own properties only', () => {
    const xml = '<R><N><X>1</X></N><A>1</A><A>2</A><__proto__>p</__proto__><constructor>c</constructor></R>';
    const read = readFlatXml(xml);
    expect(read?.fields).toEqual({ A: '1', ['__proto__']: 'p', constructor: 'c' });
    expect(Object.getPrototypeOf(read?.fields)).toBe(Object.prototype);
  });

  it('refuses what is not such a document', () => {
    for (const text of [
      '',
      'not xml',
      '{"Code":"X"}',
      '<R><A>1</A>',
      '<R><A>1</B></R>',
      '<R>stray<A>1</A></R>',
      '<R><A>a & b</A></R>',
      '<R><A>&nbsp;</A></R>',
      '<R></S>',
      '<R/><S/>',
    ]) {
      expect(readFlatXml(text), text).toBeUndefined();
    }
  });
});
