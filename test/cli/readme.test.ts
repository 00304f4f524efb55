/** The README's fixture table is the default world's: every fixture disk, with the answer it gives. */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { catalogueEntry } from '../../src/catalogue.js';
import { defaultFixtures } from '../../src/core/default-world.js';

it('lists every fixture disk of the default world with its answer', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  for (const f of defaultFixtures) {
    const answer =
      f.answer === 'success'
        ? '200, a SnapshotId'
        : `${catalogueEntry(f.answer).status} ${catalogueEntry(f.answer).code}`;
    expect(readme, f.diskId).toContain(`| \`${f.diskId}\` | ${answer} |`);
  }
});

it("states the bounds of the test keys' worlds as the code has them", async () => {
  const { TENANT_LIMITS } = await import('../../src/core/tenants.js');
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  expect(readme).toContain(`At most ${TENANT_LIMITS.maxWorlds} key`);
  expect(readme).toContain(`at most ${TENANT_LIMITS.maxRecords.toLocaleString('en-US')} records`);
});
