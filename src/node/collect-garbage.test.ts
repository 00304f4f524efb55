import { setImmediate as turn } from 'node:timers/promises';
import { expect, it } from 'vitest';
import { collectGarbage } from './collect-garbage.js';

it('collects what nothing refers to any more, and leaves gc() unexposed', async () => {
  let garbage: object | undefined = { big: new Array(1e5).fill(1) };
  const weak = new WeakRef(garbage);
  garbage = undefined;
  // A WeakRef's target lives at least until the end of the job that made or read it.
  await turn();
  collectGarbage();
  expect(weak.deref()).toBeUndefined();
  expect((globalThis as { gc?: unknown }).gc).toBeUndefined();
});
