/**
 * The generated error catalogue against its sources, read independently here: the error table of the
 * official page (openapi/source/CreateSnapshot.zh-CN.md) and the common-error table of the wire notes
 * (openapi/source/wire-protocol.md). Same set of (status, code, message), each once.
 */
import { readFileSync } from 'node:fs';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { buildCatalogue } from '../../scripts/catalogue-from-openapi.js';
import { errorCatalogue } from '../../src/generated/error-catalogue.js';
import { openapiDocument, schemaValidator } from '../../src/openapi/document.js';

const source = (name: string) => readFileSync(new URL(`../../openapi/source/${name}`, import.meta.url), 'utf8');
const cells = (line: string) =>
  line
    .split('|')
    .slice(1, -1)
    .map((c) => c.trim());
const unescapeMarkdown = (s: string) => s.replace(/\\([()*_])/g, '$1');
const key = (e: { status: number; code: string; message: string }) => `${e.status} ${e.code} ${e.message}`;

function pageErrorTable(): Array<{ status: number; code: string; message: string }> {
  const page = source('CreateSnapshot.zh-CN.md');
  const table = page.slice(page.indexOf('## 错误码'));
  return table
    .split('\n')
    .filter((line) => /^\|\d{3}\|/.test(line))
    .map((line) => {
      const [status = '', code = '', message = ''] = cells(line);
      return { status: Number(status), code, message: unescapeMarkdown(message) };
    });
}

/** Rows like `| Throttling / Throttling.User | 400 | msg / ... other | note |`, statuses like `404 (some pages: 400)`. */
function commonErrorTable(): Array<{ statuses: number[]; code: string; message: string }> {
  const notes = source('wire-protocol.md');
  const table = notes.slice(notes.indexOf('## Common (gateway) errors'));
  const rows = table.split('\n').filter((line) => /^\| [A-Z]/.test(line) && !line.startsWith('| Code'));
  return rows.flatMap((line) => {
    const [codes = '', status = '', messages = ''] = cells(line);
    const statuses = [...status.matchAll(/\d{3}/g)].map((m) => Number(m[0]));
    const codeList = codes.split(' / ');
    const messageList = messages.split(' / ');
    const stem = messageList[0]?.slice(0, messageList[0].indexOf('due to ') + 'due to '.length) ?? '';
    return codeList.map((code, i) => ({
      statuses,
      code,
      message: (messageList[i] ?? '').replace(/^\.\.\. /, stem),
    }));
  });
}

describe('error catalogue', () => {
  const page = pageErrorTable();
  const common = commonErrorTable();

  it('reads 31 rows from the page and 17 common errors from the notes (the parsers work)', () => {
    expect(page).toHaveLength(31);
    expect(common).toHaveLength(17);
  });

  it('holds every row of the page error table, with status, code and message exactly as written', () => {
    const fromPage = errorCatalogue.filter((e) => e.source === 'page');
    expect(new Set(fromPage.map(key))).toEqual(new Set(page.map(key)));
    expect(fromPage).toHaveLength(page.length);
  });

  it('holds every common error, with one of the statuses the sources give and a note where they disagree', () => {
    const fromCommon = errorCatalogue.filter((e) => e.source === 'common');
    expect(fromCommon.map((e) => e.code).sort()).toEqual(common.map((e) => e.code).sort());
    for (const documented of common) {
      const entry = fromCommon.find((e) => e.code === documented.code);
      expect(entry?.message, documented.code).toBe(documented.message);
      expect(documented.statuses, documented.code).toContain(entry?.status);
      if (documented.statuses.length > 1)
        expect(entry && 'note' in entry ? entry.note : '', documented.code).toMatch(/chosen/);
    }
  });

  it('holds each (status, code, message) once, under a unique id', () => {
    expect(new Set(errorCatalogue.map(key)).size).toBe(errorCatalogue.length);
    expect(new Set(errorCatalogue.map((e) => e.id)).size).toBe(errorCatalogue.length);
  });

  it('says when every error happens, with one place in the order of checks per trigger', () => {
    const orders = errorCatalogue.flatMap((e) => e.when.filter((t) => t.stage !== 'fault').map((t) => t.order));
    expect(new Set(orders).size).toBe(orders.length);
    const checks = errorCatalogue.flatMap((e) => e.when.map((t) => t.check)).filter((c) => c !== 'fault');
    expect(new Set(checks).size).toBe(checks.length);
    for (const entry of errorCatalogue) expect(entry.when.length, entry.id).toBeGreaterThan(0);
  });

  it('is what the generator derives from the document (the committed file is not stale)', () => {
    expect(buildCatalogue(openapiDocument()).errors).toEqual(errorCatalogue);
  });
});

describe('named examples', () => {
  const doc = openapiDocument() as { components: { examples: Record<string, { value: unknown }> } };
  const examples = doc.components.examples;
  const xml = new XMLParser({ parseTagValue: false });
  const validator = schemaValidator();

  it.each(errorCatalogue.map((e) => [e.id, e] as const))('%s has a JSON and an XML example that agree', (id, entry) => {
    const json = examples[`${id}.json`]?.value as Record<string, string>;
    expect(validator.check('ErrorResponse', json)).toEqual([]);
    expect(json.Code).toBe(entry.code);
    if (!/<name>|%s/.test(entry.message)) expect(json.Message).toBe(entry.message);
    const parsed = xml.parse(String(examples[`${id}.xml`]?.value));
    expect(parsed.Error).toEqual(json);
  });

  it('has a success example in JSON and XML that agree', () => {
    const json = examples['Success.json']?.value;
    expect(validator.check('CreateSnapshotResponse', json)).toEqual([]);
    expect(xml.parse(String(examples['Success.xml']?.value)).CreateSnapshotResponse).toEqual(json);
  });
});
