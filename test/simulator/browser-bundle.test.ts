/**
 * The MSW adapter is for setupWorker in browsers too: bundling it for the browser platform must
 * succeed with no Node built-in anywhere in its import graph.
 */
import { build } from 'esbuild';
import { expect, it } from 'vitest';

it('bundles src/msw for the browser without Node built-ins', async () => {
  const result = await build({
    entryPoints: [new URL('../../src/msw/index.ts', import.meta.url).pathname],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    logLevel: 'silent',
    metafile: true,
  });
  const inputs = Object.keys(result.metafile.inputs);
  expect(inputs.filter((path) => path.startsWith('node:') || /node-hasher|src\/node\//.test(path))).toEqual([]);
  expect(inputs.some((path) => path.includes('src/core/simulator.ts'))).toBe(true);
  expect(result.outputFiles[0]?.text.length).toBeGreaterThan(10_000);
});
