/**
 * Two test files in parallel against one server, as a user's project runs them: a real vitest run of
 * test/fixtures/parallel-files (a global setup with startSimulator(), two files in two workers, each with its
 * own test key), in lock-step so that every step of one lands between the steps of the other.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** The code of a TypeScript file without its comment lines, the package named as users import it. */
const code = (text: string) =>
  text
    .split('\n')
    .filter((line) => !/^\s*(\/\/|\/\*\*)/.test(line))
    .join('\n')
    .replace("'../../../src/index.js'", "'ecs-createsnapshot-conformance'")
    .trim();

it("the fixture's global setup is the README's", () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```ts[^\n]*\n([\s\S]*?)```/g)].map((m) => code(m[1] as string));
  const setup = code(readFileSync(join(root, 'test/fixtures/parallel-files/global-setup.ts'), 'utf8'));
  expect(blocks).toContain(setup);
});

it('two test files with their own test keys share one server without seeing each other', async () => {
  const barrier = mkdtempSync(join(tmpdir(), 'ecs-barrier-'));
  // The outer run's VITEST_* variables would make the inner vitest think it is a worker of this one.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST')));
  const child = spawn(
    process.execPath,
    [join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--config', 'test/fixtures/parallel-files/vitest.config.ts'],
    { cwd: root, env: { ...env, ECS_BARRIER_DIR: barrier, NO_COLOR: '1' }, stdio: 'pipe' },
  );
  let output = '';
  child.stdout.on('data', (d: Buffer) => {
    output += d;
  });
  child.stderr.on('data', (d: Buffer) => {
    output += d;
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  rmSync(barrier, { recursive: true, force: true });
  expect(output).toMatch(/Tests\s+2 passed/);
  expect(code, output).toBe(0);
}, 90_000);
