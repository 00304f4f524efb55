/**
 * The MSW handlers in a real browser: headless Chromium loads a page whose service worker (setupWorker) is
 * the simulator, and the reference client calls it with WebCrypto signatures. Needs Debian's chromium
 * (`apt-get install chromium`; .ci/run installs it); skipped, with that reason, where it is absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen } from '../../src/node/server.js';

const CHROMIUM = '/usr/bin/chromium';
const root = new URL('../../', import.meta.url);

describe.skipIf(!existsSync(CHROMIUM))(
  'setupWorker in headless Chromium (skipped: no /usr/bin/chromium; apt-get install chromium)',
  () => {
    const files = new Map<string, string>();
    const server = createServer((req, res) => {
      const path = req.url === '/' ? '/index.html' : (req.url ?? '');
      const body = files.get(path);
      if (body === undefined) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': path.endsWith('.html') ? 'text/html' : 'text/javascript' }).end(body);
    });
    let url = '';

    beforeAll(async () => {
      const bundle = await build({
        entryPoints: [new URL('test/browser/page.ts', root).pathname],
        bundle: true,
        platform: 'browser',
        format: 'esm',
        write: false,
        logLevel: 'silent',
      });
      files.set('/page.js', bundle.outputFiles[0]?.text ?? '');
      files.set(
        '/mockServiceWorker.js',
        readFileSync(new URL('node_modules/msw/lib/mockServiceWorker.js', root), 'utf8'),
      );
      files.set('/index.html', '<!doctype html><title>simulator</title><script type="module" src="/page.js"></script>');
      url = `http://127.0.0.1:${(await listen(server, 0, '127.0.0.1')).port}/`;
    });
    afterAll(() => {
      server.closeAllConnections();
      server.close();
    });

    it('answers the reference client from the service worker: success, documented errors, the virtual clock', async () => {
      const browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      });
      try {
        const page = await browser.newPage();
        await page.goto(url);
        await page.waitForFunction(() => '__result' in window, undefined, { timeout: 15_000 });
        const result = (await page.evaluate(() => (window as unknown as { __result: unknown }).__result)) as Record<
          string,
          unknown
        >;
        expect(result.error).toBeUndefined();
        expect(result.created).toMatchObject({ ok: true, snapshotId: expect.stringMatching(/^s-/) });
        expect(result.snapshot).toMatchObject({
          name: 'fromBrowser',
          tags: [{ key: 'k', value: 'v' }],
          status: 'accomplished',
        });
        expect(result.refused).toMatchObject({
          ok: false,
          error: { kind: 'api', code: 'QuotaExceed.Snapshot', httpStatus: 403 },
        });
        expect(result.busy).toMatchObject({ ok: false, error: { code: 'IncorrectDiskStatus.CreatingSnapshot' } });
        expect(result.later).toMatchObject({ ok: true });
        expect(result.journal).toEqual([
          { signature: { version: 'V3', verdict: 'valid' }, status: 200 },
          { signature: { version: 'V1', verdict: 'valid' }, status: 403 },
          { signature: { version: 'V3', verdict: 'valid' }, status: 403 },
          { signature: { version: 'V3', verdict: 'valid' }, status: 200 },
        ]);
      } finally {
        await browser.close();
      }
    }, 60_000);
  },
);
