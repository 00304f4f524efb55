/**
 * Provider verification of one edition's pacts (contracts/ for today's, contracts/<edition>/ for another)
 * against a standalone simulator of that edition, provider states set through its control plane
 * (POST /_sim/pact-state), requests re-signed with the test credentials on the way
 * (src/conformance/verify-pacts.ts, the same code `ecs-conformance verify` runs), one result per interaction.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_EDITION, type Edition } from '../../src/catalogue.js';
import type { CaseResult } from '../../src/cli/report.js';
import { pactInteractions, verifyPacts } from '../../src/conformance/verify-pacts.js';
import { Simulator } from '../../src/core/simulator.js';
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET } from '../../src/core/world-document.js';
import { createSimulatorServer, listen } from '../../src/node/server.js';

export const contractsOf = (edition: Edition) =>
  join(process.cwd(), 'contracts', edition === DEFAULT_EDITION ? '' : edition);

/** Defines the verification of every pact of `edition`; returns how to verify one more file (after beforeAll). */
export function providerSuite(edition: Edition): (file: string) => Promise<CaseResult[]> {
  const dir = contractsOf(edition);
  const pacts = readdirSync(dir).filter((f) => f.endsWith('.json'));
  const server = createSimulatorServer(new Simulator({ wallClock: Date, edition }));
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
  describe(`a simulator of edition ${edition} honours every contract of that edition`, () => {
    it('has a pact for each of the six consumers', () => {
      expect(pacts).toHaveLength(6);
    });
    it.each(pacts)(
      '%s',
      async (pact) => {
        const results = await verify(join(dir, pact));
        expect(results.length).toBe(pactInteractions(join(dir, pact)).length);
        expect(results.filter((r) => r.status !== 'passed')).toEqual([]);
      },
      60_000,
    );
  });
  return verify;
}
