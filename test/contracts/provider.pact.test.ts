/**
 * Provider verification: every pact in contracts/ replayed against the standalone simulator, provider
 * states set through its control plane (POST /_sim/pact-state), requests re-signed with the test
 * credentials on the way. An unknown provider state fails the run.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Verifier } from '@pact-foundation/pact';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Simulator } from '../../src/core/simulator.js';
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET } from '../../src/core/world-document.js';
import { pactRequestFilter } from '../../src/node/pact-request-filter.js';
import { createSimulatorServer, listen } from '../../src/node/server.js';
import { PROVIDER } from './pact-harness.js';

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

const verify = (pactUrls: string[]) =>
  new Verifier({
    provider: PROVIDER,
    providerBaseUrl: base,
    pactUrls,
    // Straight to the simulator's control plane (pact-js's own state proxy only warns on an unknown state;
    // the simulator refuses one with 400, which fails the interaction).
    providerStatesSetupUrl: `${base}/_sim/pact-state`,
    requestFilter: pactRequestFilter({
      accessKeyId: DEFAULT_ACCESS_KEY_ID,
      accessKeySecret: DEFAULT_ACCESS_KEY_SECRET,
    }) as never,
    logLevel: 'error',
  }).verifyProvider();

describe('the simulator honours every contract', () => {
  it('has pacts to verify', () => {
    expect(pacts.length).toBeGreaterThanOrEqual(4);
  });
  it.each(pacts)(
    '%s',
    async (pact) => {
      await expect(verify([join(CONTRACTS, pact)])).resolves.not.toThrow();
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
    await expect(verify([file])).rejects.toThrow();
  }, 60_000);
});
