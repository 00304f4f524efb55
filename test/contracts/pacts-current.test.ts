/**
 * The committed pact files are what the consumer tests generate now: `npm test` runs the consumers into
 * .tmp/pacts, and this compares byte for byte. A difference means: run `npm run contracts` and commit.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { PACT_DIR } from './pact-harness.js';

const CONTRACTS = join(process.cwd(), 'contracts');
const json = (dir: string) =>
  existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .sort()
    : [];

it('contracts/ holds exactly the pacts the consumer tests generate (else: npm run contracts)', () => {
  expect(PACT_DIR).not.toBe(CONTRACTS);
  const generated = json(PACT_DIR);
  expect(generated.length, `no pact generated in ${PACT_DIR}: the consumer tests did not run first`).toBeGreaterThan(0);
  expect(json(CONTRACTS)).toEqual(generated);
  for (const file of generated) {
    const same = readFileSync(join(PACT_DIR, file), 'utf8') === readFileSync(join(CONTRACTS, file), 'utf8');
    expect(same, `contracts/${file} differs from what the consumer test generates: run npm run contracts`).toBe(true);
  }
});
