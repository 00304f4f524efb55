/**
 * Provider verification: every pact of today's edition in contracts/ replayed against the standalone simulator
 * (test/contracts/provider-suite.ts), reported per interaction. An unknown provider state fails the run.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_EDITION } from '../../src/catalogue.js';
import { contractsOf, providerSuite } from './provider-suite.js';

const verify = providerSuite(DEFAULT_EDITION);

describe('provider states', () => {
  it('an unknown provider state fails the run', async () => {
    const dir = contractsOf(DEFAULT_EDITION);
    const first = readdirSync(dir).find((f) => f.endsWith('.json')) as string;
    const pact = JSON.parse(readFileSync(join(dir, first), 'utf8'));
    pact.interactions = pact.interactions.slice(0, 1);
    pact.interactions[0].providerStates = [{ name: 'disk {diskId} is on fire', params: { diskId: 'd-1' } }];
    const file = join(mkdtempSync(join(tmpdir(), 'pact-')), 'unknown-state.json');
    writeFileSync(file, JSON.stringify(pact));
    const [result] = await verify(file);
    expect(result?.status).toBe('failed');
    expect(result?.message).toMatch(/on fire/);
  }, 60_000);
});
