/**
 * The MSW tests run with the msw installed at node_modules/msw: the devDependency (2.x) in npm test, msw 3 when
 * scripts/test-msw3.sh swaps it in (ECS_TEST_MSW_MAJOR=3). This says which one ran, and that it is one the peer
 * dependency range admits, so a CI step that meant to test msw 3 cannot silently test msw 2.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect, it } from 'vitest';

const msw = createRequire(import.meta.url)('msw/package.json') as { version: string };
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  peerDependencies: { msw: string };
};

it('runs with an msw major the peer dependency range admits (and the one asked for)', () => {
  const major = msw.version.split('.')[0];
  const admitted = pkg.peerDependencies.msw.split('||').map((r) => r.trim().replace(/^\^/, '').split('.')[0]);
  expect(admitted).toContain(major);
  const wanted = process.env.ECS_TEST_MSW_MAJOR;
  if (wanted !== undefined) expect(major).toBe(wanted);
});
