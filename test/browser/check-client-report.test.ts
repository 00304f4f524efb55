/**
 * check-client's HTML report in a real browser: two clients graded (the reference client, and a driver that
 * lies), their report opened in headless Chromium (Debian's), the matrix and the scenarios read as shown,
 * the filters by client and verdict used. A screenshot is left at .tmp/check-client-report.png. Skipped,
 * with the reason, without /usr/bin/chromium.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { htmlReport } from '../../src/cli/check-client/html-report.js';
import type { RunReport } from '../../src/cli/check-client/run-report.js';
import { runCli } from '../support/cli.js';

const CHROMIUM = '/usr/bin/chromium';
const root = fileURLToPath(new URL('../../', import.meta.url));
const out = join(root, '.tmp/check-client-report');
const node = (file: string) => `"${process.execPath}" "${join(root, file)}"`;
const SCENARIOS = 'every optional parameter$|answered 403 QuotaExceed.Snapshot$|answered 404 InvalidDiskId.NotFound$';

async function graded(name: string, driver: string, html?: string): Promise<RunReport> {
  const json = join(out, `${name}.json`);
  const args = ['check-client', '--driver', driver, '--name', name, '--scenarios', SCENARIOS, '--json', json];
  await runCli(html === undefined ? args : [...args, '--html', html]);
  return JSON.parse(readFileSync(json, 'utf8')) as RunReport;
}

describe.skipIf(!existsSync(CHROMIUM))(
  'check-client --html in headless Chromium (skipped: no /usr/bin/chromium; apt-get install chromium)',
  () => {
    it('shows the matrix, what each client sent, got and reported, and filters by client and verdict', async () => {
      mkdirSync(out, { recursive: true });
      const single = join(out, 'reference.html');
      const [reference, liar] = await Promise.all([
        graded('reference', node('examples/drivers/reference-client.mjs'), single),
        graded('liar', node('test/fixtures/drivers/liar.mjs')),
      ]);
      // check-client --html writes the one run's report; the matrix script writes several runs' the same way.
      expect(readFileSync(single, 'utf8').match(/<section class="case"/g)).toHaveLength(3);
      const file = join(out, 'report.html');
      writeFileSync(file, htmlReport([reference, liar]));

      const browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
      });
      try {
        const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
        await page.goto(pathToFileURL(file).href);
        const matrix = page.locator('table.matrix');
        expect(await matrix.locator('thead th').allTextContents()).toEqual(['scenario', 'reference', 'liar']);
        expect(await matrix.locator('tbody tr').count()).toBe(3);
        expect(await matrix.locator('td.pass').count()).toBe(3);
        expect(await matrix.locator('td.fail').count()).toBe(3);
        expect(await page.locator('table.summary tbody tr').allTextContents()).toEqual([
          'reference30yes–',
          'liar03yes–',
        ]);

        const visible = () => page.locator('section.case:visible');
        expect(await visible().count()).toBe(6);
        await expect.poll(() => page.locator('#shown').textContent()).toBe('6 of 6 shown');

        await page.selectOption('#filter-client', 'liar');
        expect(await visible().count()).toBe(3);
        expect(new Set(await visible().evaluateAll((s) => s.map((e) => (e as HTMLElement).dataset.client)))).toEqual(
          new Set(['liar']),
        );
        const lie = visible().filter({ hasText: 'every optional parameter' });
        const text = ((await lie.textContent()) ?? '').replace(/\s+/g, ' ');
        expect(text).toContain('What was sent');
        expect(text).toContain('DiskId="d-contract-0001"');
        expect(text).toMatch(/What came back: 200, SnapshotId s-sim\w+, RequestId [0-9A-F-]+, application\/json/);
        expect(text).toContain('"snapshotId": "s-made-up-by-the-liar"');
        expect(text).toMatch(
          /reported\.snapshotId: reported snapshotId s-made-up-by-the-liar, the service answered s-sim/,
        );
        await page.selectOption('#filter-verdict', 'passed');
        expect(await visible().count()).toBe(0);
        await page.selectOption('#filter-client', '');
        expect(await visible().count()).toBe(3);
        expect(await visible().locator('.badge').allTextContents()).toEqual(['passed', 'passed', 'passed']);
        await expect.poll(() => page.locator('#shown').textContent()).toBe('3 of 6 shown');

        await page.selectOption('#filter-verdict', '');
        await page.screenshot({ path: join(root, '.tmp/check-client-report.png'), fullPage: true });
        expect(existsSync(join(root, '.tmp/check-client-report.png'))).toBe(true);
      } finally {
        await browser.close();
      }
    }, 90_000);
  },
);
