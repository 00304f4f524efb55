/**
 * Docs that run: every code block of the user docs is run (against the built package), parsed, or marked as
 * an illustration (scripts/doc-snippets.ts says how); the package imports of every JavaScript block, an
 * illustration's too, name a subpath of the exports map and names that subpath exports.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { type CodeBlock, docBlocks, isRun, runBlock } from '../../scripts/doc-snippets.js';
import { cliCommand } from '../support/cli.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const blocks = docBlocks();
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as {
  name: string;
  exports: Record<string, string | { default: string }>;
};

it('finds the code blocks of the three docs', () => {
  expect(blocks.filter(isRun).length).toBeGreaterThanOrEqual(5);
});

it('marks every block that is neither run nor parsed as an illustration', () => {
  const unmarked = blocks.filter((b) => !isRun(b) && b.lang !== 'json' && !b.tags.includes('illustration'));
  expect(unmarked.map((b) => `${b.where} (${b.lang || 'no language'})`)).toEqual([]);
});

it('parses every JSON block (a document, or one per line)', () => {
  for (const b of blocks.filter((b) => b.lang === 'json')) {
    try {
      JSON.parse(b.body);
    } catch {
      for (const line of b.body.split('\n').filter((l) => l.trim() !== ''))
        expect(() => JSON.parse(line), `${b.where}: ${line}`).not.toThrow();
    }
  }
});

it('parses every YAML block, and none runs the package from the registry (it is not published)', () => {
  for (const b of blocks.filter((b) => b.lang === 'yaml')) {
    expect(() => parseYaml(b.body), b.where).not.toThrow();
    expect(b.body, b.where).not.toMatch(/npx (-y |--yes )?ecs-createsnapshot-conformance/);
  }
});

/** The source module behind an exports entry: ./dist/src/X.js → src/X.ts. */
const sourceOf = (target: string) => `${root}${target.replace(/^\.\/dist\//, '').replace(/\.js$/, '.ts')}`;

it('imports from the package only what its exports map and modules export', async () => {
  const js = blocks.filter((b) => b.lang === 'js' || b.lang === 'ts');
  const imports = js.flatMap((b) =>
    [...b.body.matchAll(/import\s+(?:type\s+)?\{([^}]*)\}\s+from\s+'(ecs-createsnapshot-conformance[^']*)'/g)].map(
      (m) => ({ b, names: m[1] as string, specifier: m[2] as string }),
    ),
  );
  expect(imports.length).toBeGreaterThan(0);
  for (const { b, names, specifier } of imports) {
    const subpath = `.${specifier.slice(pkg.name.length)}`;
    const target = pkg.exports[subpath];
    expect(target, `${b.where}: '${specifier}' is not in the exports map`).toBeDefined();
    const module = (await import(
      sourceOf(typeof target === 'string' ? target : (target?.default as string))
    )) as Record<string, unknown>;
    for (const name of names.split(',').map((n) => n.trim().split(/\s+as\s+/)[0] as string)) {
      if (name === '' || name.startsWith('type ')) continue;
      expect(module[name], `${b.where}: '${specifier}' exports no ${name}`).toBeDefined();
    }
  }
});

describe('runs every runnable block against the built package', () => {
  it('has a build as new as the sources (npm test makes one; otherwise run npm run build)', () => {
    expect(cliCommand[0], 'dist/ is older than src/: run npm run build').toMatch(/dist\/src\/cli\/main\.js$/);
  });
  const cwd = `${root}.tmp/docs/`;
  mkdirSync(cwd, { recursive: true });
  const run = (b: CodeBlock) => runBlock(b, { cwd, cli: [process.execPath, ...cliCommand] });
  for (const b of blocks.filter(isRun)) it.concurrent(b.where, async () => expect(await run(b)).toBeUndefined());
});
