/**
 * The generated error catalogue against its sources, read independently here: the error tables of the two
 * editions of the official page (openapi/source/CreateSnapshot.2025-01-03.md, today's, and
 * openapi/source/CreateSnapshot.zh-CN.md, the older one), the common-error table of the wire notes
 * (openapi/source/wire-protocol.md) and today's gateway answers. Same set of (status, code, message) per
 * edition, each once.
 */
import { readFileSync } from 'node:fs';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { buildCatalogue } from '../../scripts/catalogue-from-openapi.js';
import { type EditionFacts, factsOf, inEdition } from '../../src/catalogue.js';
import { editions, errorCatalogue } from '../../src/generated/error-catalogue.js';
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

/** Today's page: rows `| 400 | Code | Message |` of the error table, and of the gateway-answers table. */
function todayTables(): {
  page: Array<{ status: number; code: string; message: string }>;
  gateway: Array<{ status: number; code: string; message: string; older: string }>;
} {
  const text = source('CreateSnapshot.2025-01-03.md');
  const rowsOf = (heading: string) => {
    const from = text.indexOf(heading);
    const section = text.slice(from, text.indexOf('\n## ', from + 1));
    return section
      .split('\n')
      .filter((line) => /^\| \d{3} \|/.test(line))
      .map(cells);
  };
  return {
    page: rowsOf('## Error table').map(([status = '', code = '', message = '']) => ({
      status: Number(status),
      code,
      message,
    })),
    gateway: rowsOf('## Gateway answers').map(([status = '', code = '', message = '', older = '']) => ({
      status: Number(status),
      code,
      message,
      older,
    })),
  };
}

const TODAY = '2025-01-03' as const;
const OLDER = 'older-zh-CN' as const;
/** The rows an edition has, as that edition states them. */
const rowsIn = (edition: typeof TODAY | typeof OLDER, source: EditionFacts['source']) =>
  errorCatalogue.flatMap((e) => {
    const facts = inEdition(e, edition);
    return facts?.source === source ? [{ id: e.id, code: e.code, status: facts.status, message: facts.message }] : [];
  });

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
  const today = todayTables();

  it("reads 31 rows from the older page, 50 from today's, 17 common errors and 2 gateway answers (the parsers work)", () => {
    expect(page).toHaveLength(31);
    expect(today.page).toHaveLength(50);
    expect(common).toHaveLength(17);
    expect(today.gateway).toHaveLength(2);
  });

  it("names the editions, today's the default", () => {
    expect(editions.default).toBe(TODAY);
    expect([...editions.names].sort()).toEqual([TODAY, OLDER].sort());
  });

  it('holds every row of the older page under its status with its exact message, in the older edition', () => {
    const fromPage = rowsIn(OLDER, 'page');
    expect(new Set(fromPage.map(key))).toEqual(new Set(page.map(key)));
    expect(fromPage).toHaveLength(page.length);
  });

  it("holds every row of today's page under its status with its exact message, in today's edition", () => {
    const fromPage = rowsIn(TODAY, 'page');
    expect(new Set(fromPage.map(key))).toEqual(new Set(today.page.map(key)));
    expect(fromPage).toHaveLength(today.page.length);
  });

  it("says where the editions differ, and the default entry is today's", () => {
    const at = (id: string) => errorCatalogue.find((e) => e.id === id);
    const failed = at('CreateSnapshot.Failed');
    expect(failed && [inEdition(failed, TODAY)?.status, inEdition(failed, OLDER)?.status]).toEqual([400, 403]);
    expect(failed?.status).toBe(400);
    const tags = at('QuotaExceed.Tags');
    expect(tags && [inEdition(tags, TODAY), inEdition(tags, OLDER)?.status]).toEqual([undefined, 403]);
    const category = at('DiskCategory.OperationNotSupported');
    expect(category && inEdition(category, OLDER)?.message).toBe(
      'The operation is not supported to the specified disk due to its disk category',
    );
    expect(category && factsOf(category, TODAY).message).toBe(
      'The type of the specified disk does not support creating a snapshot.',
    );
    const balance = errorCatalogue.filter((e) => e.code === 'InvalidAccountStatus.NotEnoughBalance');
    expect(balance.map((e) => [e.id, Object.keys(e.editions).sort()])).toEqual([
      ['InvalidAccountStatus.NotEnoughBalance-postpaid', [TODAY]],
      ['InvalidAccountStatus.NotEnoughBalance', [TODAY, OLDER].sort()],
    ]);
    const parameterErrors = (edition: typeof TODAY | typeof OLDER) =>
      ['param.retentionDays.invalid', 'param.category.invalid', 'param.clientToken.invalid'].map(
        (check) =>
          errorCatalogue.find((e) =>
            e.when.some((t) => t.check === check && (t.editions as readonly string[]).includes(edition)),
          )?.id,
      );
    expect(parameterErrors(OLDER)).toEqual(['InvalidParameter', 'InvalidParameter', 'InvalidParameter']);
    expect(parameterErrors(TODAY)).toEqual([
      'InvalidRetentionDays.Malformed',
      'InvalidSnapshotCategory.Malformed',
      'InvalidClientToken.Malformed',
    ]);
  });

  it('holds every common error of the older edition, with one of the statuses the sources give and a note where they disagree', () => {
    const fromCommon = rowsIn(OLDER, 'common');
    expect(fromCommon.map((e) => e.code).sort()).toEqual(common.map((e) => e.code).sort());
    for (const documented of common) {
      const row = fromCommon.find((e) => e.code === documented.code);
      expect(row?.message, documented.code).toBe(documented.message);
      expect(documented.statuses, documented.code).toContain(row?.status);
      const entry = errorCatalogue.find((e) => e.id === row?.id);
      if (documented.statuses.length > 1)
        expect(entry && 'note' in entry ? entry.note : '', documented.code).toMatch(/chosen/);
    }
  });

  it("holds today's gateway answers, and the older code of each as one verify accepts for it", () => {
    for (const answer of today.gateway) {
      const entry = errorCatalogue.find((e) => e.code === answer.code);
      expect(entry && inEdition(entry, TODAY), answer.code).toEqual({
        status: answer.status,
        message: answer.message,
        source: 'common',
      });
      const older = errorCatalogue.find((e) => e.code === answer.older);
      expect(older && 'acceptedFor' in older ? older.acceptedFor : undefined).toBe(answer.code);
      expect(older && inEdition(older, TODAY)).toBeUndefined();
    }
  });

  it.each([TODAY, OLDER])('holds each (status, code, message) once per edition, under a unique id (%s)', (edition) => {
    const rows = errorCatalogue.flatMap((e) => {
      const facts = inEdition(e, edition);
      return facts ? [{ ...facts, code: e.code }] : [];
    });
    expect(new Set(rows.map(key)).size).toBe(rows.length);
    expect(new Set(errorCatalogue.map((e) => e.id)).size).toBe(errorCatalogue.length);
  });

  it.each([TODAY, OLDER])(
    'says when every error happens, one place in the order of checks per trigger (%s)',
    (edition) => {
      const triggers = errorCatalogue.flatMap((e) =>
        e.when.filter((t) => (t.editions as readonly string[]).includes(edition)),
      );
      const orders = triggers.filter((t) => t.stage !== 'fault').map((t) => t.order);
      expect(new Set(orders).size).toBe(orders.length);
      const checks = triggers.map((t) => t.check).filter((c) => c !== 'fault');
      expect(new Set(checks).size).toBe(checks.length);
      for (const entry of errorCatalogue) {
        const has = inEdition(entry, edition) !== undefined;
        expect(
          entry.when.some((t) => (t.editions as readonly string[]).includes(edition)),
          entry.id,
        ).toBe(has);
      }
    },
  );

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
