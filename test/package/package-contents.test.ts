/**
 * What `npm pack` puts in the tarball (listed without building, `--ignore-scripts`): what the exports map, the
 * bin and the docs point at, and no tests, no type-checking output, no scratch files.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as {
  exports: Record<string, string | Record<string, string>>;
  bin: Record<string, string>;
};
const listing = JSON.parse(
  execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' }),
) as Array<{ files: Array<{ path: string }> }>;
const files = new Set(listing[0]?.files.map((f) => f.path));
const targets = Object.values(pkg.exports)
  .flatMap((t) => (typeof t === 'string' ? [t] : Object.values(t)))
  .filter((t) => !t.includes('*'));

it('ships every file the exports map and the bin point at', () => {
  for (const target of [...targets, ...Object.values(pkg.bin)])
    expect(files, target).toContain(target.replace(/^\.\//, ''));
});

it('ships the example drivers, the contracts and the OpenAPI description', () => {
  for (const file of [
    'examples/drivers/README.md',
    'examples/drivers/reference-client.mjs',
    'examples/drivers/alicloud-pop-core.mjs',
    'contracts/README.md',
    'openapi/ecs-createsnapshot.yaml',
  ])
    expect(files, file).toContain(file);
});

it('ships no tests, no type-checking output and no scratch files', () => {
  const unwanted = [...files].filter((f) => /\.test\.|^dist\/(test|scripts)\/|^\.tmp\/|^test\/|^src\//.test(f));
  expect(unwanted).toEqual([]);
});
