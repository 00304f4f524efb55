/**
 * In process, never a throw: every request through the MSW handlers or simulatorFetch gets a documented
 * answer (issue "Safe to run anywhere"), V3 requests whose SignedHeaders name what no header can be named
 * included; before, MSW answered 500 with a stack trace and simulatorFetch rejected into the caller's code.
 */
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCatalogue } from '../../src/catalogue.js';
import { DEFAULT_ACCESS_KEY_ID } from '../../src/core/world-document.js';
import { createSimulatorHandlers, Simulator, simulatorFetch } from '../../src/msw/index.js';

const ODD_NAMES = ['', 'a b', '(', 'constructor', '__proto__', 'ÿ', 'x'.repeat(5000), 'host;;', ' '];

const { handlers } = createSimulatorHandlers();
const server = setupServer(...handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

const documented = new Set<string>(errorCatalogue.map((e) => e.code));

function v3Request(signedHeaders: string): [string, RequestInit] {
  const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  return [
    'https://ecs.aliyuncs.com/?DiskId=d-healthy',
    {
      method: 'POST',
      headers: {
        'x-acs-action': 'CreateSnapshot',
        'x-acs-version': '2014-05-26',
        'x-acs-date': date,
        'x-acs-signature-nonce': `odd-${Math.random()}`,
        'x-acs-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
        accept: 'application/json',
        authorization: `ACS3-HMAC-SHA256 Credential=${DEFAULT_ACCESS_KEY_ID},SignedHeaders=${signedHeaders},Signature=00`,
      },
    },
  ];
}

async function expectDocumented(response: Response, what: string): Promise<void> {
  const text = await response.text();
  const code = text.startsWith('{')
    ? (JSON.parse(text) as { Code?: string }).Code
    : /<Code>([^<]*)<\/Code>/.exec(text)?.[1];
  const body = { Code: code };
  expect(response.status, what).toBeLessThan(500);
  expect(documented.has(body.Code ?? ''), `${what}: ${body.Code}`).toBe(true);
}

describe('in process, every request gets a documented answer', () => {
  const inProcess = simulatorFetch(new Simulator({ wallClock: Date }));
  const base = 'host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version';

  it.each(ODD_NAMES.map((n) => [JSON.stringify(n).slice(0, 20), n]))(
    'SignedHeaders naming %s, through MSW and simulatorFetch',
    async (_label, name) => {
      for (const signed of [`${base};${name}`, name]) {
        await expectDocumented(await fetch(...v3Request(signed)), `MSW ${signed.slice(0, 30)}`);
        await expectDocumented(await inProcess(...v3Request(signed)), `simulatorFetch ${signed.slice(0, 30)}`);
      }
    },
  );

  it('answers garbage as documented: odd methods, bodies that are not UTF-8, a huge query', async () => {
    const requests: Array<[string, RequestInit]> = [
      ['https://ecs.aliyuncs.com/', { method: 'PATCH', body: new Uint8Array([0xff, 0xfe, 0x00]) }],
      ['https://ecs.aliyuncs.com/?Action=CreateSnapshot', { method: 'DELETE' }],
      [`https://ecs.aliyuncs.com/?${'a=%zz&'.repeat(20_000)}`, { method: 'GET' }],
      [
        'https://ecs.aliyuncs.com/',
        { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '%%%&&&==' },
      ],
    ];
    for (const [url, init] of requests) {
      await expectDocumented(await fetch(url, init), `MSW ${init.method}`);
      await expectDocumented(await inProcess(url, init), `simulatorFetch ${init.method}`);
    }
  });
});
