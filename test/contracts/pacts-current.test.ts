/**
 * The committed pact files are what the consumer tests generate now: `npm test` runs the consumers into
 * .tmp/pacts, and this compares byte for byte. A difference means: run `npm run contracts` and commit.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { EDITIONS } from '../../src/catalogue.js';
import { PACT_DIR, pactDirOf } from './pact-harness.js';

const CONTRACTS = join(process.cwd(), 'contracts');
const json = (dir: string) =>
  existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .sort()
    : [];

it.each(EDITIONS)(
  'contracts/ holds exactly the pacts the consumer tests generate, edition %s (else: npm run contracts)',
  (edition) => {
    expect(PACT_DIR).not.toBe(CONTRACTS);
    const from = pactDirOf(edition);
    const committed = join(CONTRACTS, from.slice(PACT_DIR.length));
    const generated = json(from);
    expect(generated.length, `no pact generated in ${from}: the consumer tests did not run first`).toBeGreaterThan(0);
    expect(json(committed)).toEqual(generated);
    for (const file of generated) {
      const same = readFileSync(join(from, file), 'utf8') === readFileSync(join(committed, file), 'utf8');
      expect(same, `${committed}/${file} differs from what the consumer test generates: run npm run contracts`).toBe(
        true,
      );
    }
  },
);
