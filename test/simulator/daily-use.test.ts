/**
 * README "Daily use": the same client test run twice against one server. Without anything the second run meets
 * the first run's snapshot, still in progress; each of the three documented ways makes it pass: reset the world
 * before the test, move the clock after it, or give every run a test key of its own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/client/index.js';
import { type RunningSimulator, startSimulator, testAccessKey } from '../../src/index.js';
import { remoteControls } from '../../src/node/remote-controls.js';

let simulator: RunningSimulator;
beforeAll(async () => {
  simulator = await startSimulator();
});
afterAll(() => simulator.close());

/** A user's client test: create a snapshot of d-healthy and expect a SnapshotId. */
async function clientTest(
  credentials = { accessKeyId: simulator.accessKeyId, accessKeySecret: simulator.accessKeySecret },
) {
  const client = createClient({ endpoint: simulator.url, credentials, retry: { attempts: 1 } });
  return client.createSnapshot({ diskId: 'd-healthy' });
}

describe('the same client test twice', () => {
  it('fails the second time when nothing is done between the runs', async () => {
    await simulator.controls.reset();
    expect((await clientTest()).ok).toBe(true);
    const second = await clientTest();
    expect(second.ok === false && second.error.kind === 'api' && second.error.code).toBe(
      'IncorrectDiskStatus.CreatingSnapshot',
    );
  });

  it('passes twice with POST /_sim/reset before each run', async () => {
    for (let run = 0; run < 2; run++) {
      await remoteControls(simulator.url).reset();
      expect((await clientTest()).ok).toBe(true);
    }
  });

  it('passes twice with the clock moved on after each run (POST /_sim/clock {"advanceSeconds": 3600})', async () => {
    await simulator.controls.reset();
    for (let run = 0; run < 2; run++) {
      expect((await clientTest()).ok).toBe(true);
      await remoteControls(simulator.url).advanceClock(3600);
    }
  });

  it('passes twice with a test key of its own for each run, leaving the main world as it was', async () => {
    await simulator.controls.reset();
    const before = (await simulator.controls.world()).snapshots?.length;
    for (let run = 0; run < 2; run++) expect((await clientTest(testAccessKey('run'))).ok).toBe(true);
    expect((await simulator.controls.world()).snapshots?.length).toBe(before);
  });
});
