/**
 * The client is for browsers too: bundling its entry for the browser platform must succeed with no Node
 * built-in, no simulator code and no Node hasher anywhere in its import graph.
 */
import { build } from 'esbuild';
import { expect, it } from 'vitest';

it('bundles src/client for the browser without Node built-ins or the simulator', async () => {
  const result = await build({
    entryPoints: [new URL('./index.ts', import.meta.url).pathname],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    logLevel: 'silent',
    metafile: true,
  });
  const inputs = Object.keys(result.metafile.inputs);
  expect(inputs.filter((path) => path.startsWith('node:') || /node-hasher|src\/(node|core|msw)\//.test(path))).toEqual(
    [],
  );
  expect(inputs.some((path) => path.includes('src/client/create-client.ts'))).toBe(true);
});
