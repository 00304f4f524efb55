/**
 * Provider verification: every pact in contracts/ replayed against the standalone simulator, provider
 * states set through its control plane (POST /_sim/pact-state), requests re-signed with the test
 * credentials on the way (src/conformance/verify-pacts.ts, the same code `ecs-conformance verify` runs).
 * An unknown provider state fails the run.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPact } from '../../src/conformance/verify-pacts.js';
import { Simulator } from '../../src/core/simulator.js';
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET } from '../../src/core/world-document.js';
import { createSimulatorServer, listen } from '../../src/node/server.js';

const CONTRACTS = join(process.cwd(), 'contracts');
const OLDER = join(CONTRACTS, 'older-zh-CN');
const pacts = readdirSync(CONTRACTS).filter((f) => f.endsWith('.json'));
const olderPacts = readdirSync(OLDER).filter((f) => f.endsWith('.json'));
// One simulator per edition: each answers the pacts of its edition.
const server = createSimulatorServer(new Simulator({ wallClock: Date }));
const olderServer = createSimulatorServer(new Simulator({ wallClock: Date, edition: 'older-zh-CN' }));
let base = '';
let olderBase = '';

beforeAll(async () => {
  base = `http://127.0.0.1:${(await listen(server, 0, '127.0.0.1')).port}`;
  olderBase = `http://127.0.0.1:${(await listen(olderServer, 0, '127.0.0.1')).port}`;
});
afterAll(() => {
  for (const s of [server, olderServer]) {
    s.closeAllConnections();
    s.close();
  }
});

const verify = (file: string, at = base) =>
  verifyPact(file, {
    providerUrl: at,
    stateChangeUrl: `${at}/_sim/pact-state`,
    credentials: { accessKeyId: DEFAULT_ACCESS_KEY_ID, accessKeySecret: DEFAULT_ACCESS_KEY_SECRET },
  });

describe('the simulator honours every contract', () => {
  it('has a pact for each of the six consumers', () => {
    expect(pacts).toHaveLength(6);
  });
  it.each(pacts)(
    '%s',
    async (pact) => {
      const result = await verify(join(CONTRACTS, pact));
      expect(result.message ?? '').toBe('');
      expect(result.status).toBe('passed');
    },
    60_000,
  );
  it.each(olderPacts)(
    'older-zh-CN/%s, against a simulator of the older edition',
    async (pact) => {
      const result = await verify(join(OLDER, pact), olderBase);
      expect(result.message ?? '').toBe('');
      expect(result.status).toBe('passed');
    },
    60_000,
  );
});

describe('provider states', () => {
  it('an unknown provider state fails the run', async () => {
    const pact = JSON.parse(readFileSync(join(CONTRACTS, pacts[0] as string), 'utf8'));
    pact.interactions = pact.interactions.slice(0, 1);
    pact.interactions[0].providerStates = [{ name: 'disk {diskId} is on fire', params: { diskId: 'd-1' } }];
    const file = join(mkdtempSync(join(tmpdir(), 'pact-')), 'unknown-state.json');
    writeFileSync(file, JSON.stringify(pact));
    expect((await verify(file)).status).toBe('failed');
  }, 60_000);
});
