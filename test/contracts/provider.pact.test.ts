/**
 * Provider verification: every pact in contracts/ replayed against the standalone simulator, provider
 * states set through its control plane (POST /_sim/pact-state), requests re-signed with the test
 * credentials on the way (src/conformance/verify-pacts.ts, the same code `ecs-conformance verify` runs),
 * reported per interaction.
 * An unknown provider state fails the run.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pactInteractions, verifyPacts } from '../../src/conformance/verify-pacts.js';
import { Simulator } from '../../src/core/simulator.js';
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET } from '../../src/core/world-document.js';
import { createSimulatorServer, listen } from '../../src/node/server.js';

const CONTRACTS = join(process.cwd(), 'contracts');
const pacts = readdirSync(CONTRACTS).filter((f) => f.endsWith('.json'));
const server = createSimulatorServer(new Simulator({ wallClock: Date }));
let base = '';

beforeAll(async () => {
  base = `http://127.0.0.1:${(await listen(server, 0, '127.0.0.1')).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const verify = async (file: string) =>
  (
    await verifyPacts(pactInteractions(file), {
      providerUrl: base,
      stateChangeUrl: `${base}/_sim/pact-state`,
      credentials: { accessKeyId: DEFAULT_ACCESS_KEY_ID, accessKeySecret: DEFAULT_ACCESS_KEY_SECRET },
    })
  ).results;

describe('the simulator honours every contract', () => {
  it('has a pact for each of the six consumers', () => {
    expect(pacts).toHaveLength(6);
  });
  it.each(pacts)(
    '%s',
    async (pact) => {
      const results = await verify(join(CONTRACTS, pact));
      expect(results).toHaveLength(49);
      expect(results.filter((r) => r.status !== 'passed')).toEqual([]);
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
    const [result] = await verify(file);
    expect(result?.status).toBe('failed');
    expect(result?.message).toMatch(/on fire/);
  }, 60_000);
});
