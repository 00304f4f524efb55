/** The README's fixture table is the default world's: every fixture disk, with the answer it gives. */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { catalogueEntry, type Edition, factsOf } from '../../src/catalogue.js';
import { defaultFixtures } from '../../src/core/default-world.js';

it('lists every fixture disk of the default world with its answer', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const answer = (a: (typeof defaultFixtures)[number]['answer'], edition: Edition) =>
    a === 'success' ? '200, a SnapshotId' : `${factsOf(catalogueEntry(a), edition).status} ${catalogueEntry(a).code}`;
  for (const f of defaultFixtures) {
    const sends = Object.entries(f.with ?? {})
      .map(([k, v]) => `\`${k}=${v}\``)
      .join(' ');
    const today = answer(f.answer, '2025-01-03');
    const older = answer(f.older ?? f.answer, 'older-zh-CN');
    expect(readme, f.diskId).toContain(`| \`${f.diskId}\` | ${sends} | ${today} | ${older} | ${f.why} |`);
  }
});

it("states the bounds of the test keys' worlds as the code has them", async () => {
  const { TENANT_LIMITS } = await import('../../src/core/tenants.js');
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  expect(readme).toContain(`At most ${TENANT_LIMITS.maxWorlds} key`);
  expect(readme).toContain(`at most ${TENANT_LIMITS.maxRecords.toLocaleString('en-US')} records`);
});
