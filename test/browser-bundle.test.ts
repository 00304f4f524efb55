/**
 * The MSW adapter (setupWorker) and the reference client are for browsers too: bundling each entry for the
 * browser platform must succeed with no Node built-in, no Node hasher and nothing of the other's world.
 */
import { build } from 'esbuild';
import { expect, it } from 'vitest';

it.each([
  { entry: 'src/msw/index.ts', mustHave: 'src/core/simulator.ts', mustNot: /node-hasher|src\/node\// },
  {
    entry: 'src/client/index.ts',
    mustHave: 'src/client/create-client.ts',
    mustNot: /node-hasher|src\/(node|core|msw)\//,
  },
])('bundles $entry for the browser', async ({ entry, mustHave, mustNot }) => {
  const result = await build({
    entryPoints: [new URL(`../${entry}`, import.meta.url).pathname],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    logLevel: 'silent',
    metafile: true,
  });
  const inputs = Object.keys(result.metafile.inputs);
  expect(inputs.filter((path) => path.startsWith('node:') || mustNot.test(path))).toEqual([]);
  expect(inputs.some((path) => path.includes(mustHave))).toBe(true);
});
