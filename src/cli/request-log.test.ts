import { describe, expect, it } from 'vitest';
import type { JournalRecord } from '../core/journal.js';
import { Simulator } from '../core/simulator.js';
import { logRequests, MAX_PENDING_LOG_BYTES, requestLine } from './request-log.js';

const record = (over: Partial<JournalRecord> = {}): JournalRecord => ({
  at: 0,
  method: 'GET',
  action: 'CreateSnapshot',
  parameters: () => ({ DiskId: 'd-in-arrears' }),
  diskId: 'd-in-arrears',
  version: 'V1',
  verdict: 'valid',
  status: 403,
  requestId: 'R-1',
  code: 'DiskInArrears',
  snapshotId: undefined,
  reason: 'disk.inArrears: disks[d-in-arrears].inArrears == true',
  accessKeyId: 'LTAI5tSimulatorTestKey01',
  ...over,
});
const noon = Date.UTC(2026, 11, 1, 12, 0, 0, 5);

describe('requestLine', () => {
  it('requests: time, method, action, DiskId, answer', () => {
    expect(requestLine(record(), 'requests', noon)).toBe(
      '12:00:00.005 GET CreateSnapshot DiskId=d-in-arrears → 403 DiskInArrears',
    );
  });

  it('names the test key whose world answered, and the SnapshotId of a success', () => {
    const line = requestLine(
      record({
        status: 200,
        code: undefined,
        snapshotId: 's-1',
        reason: undefined,
        accessKeyId: 'LTAI5tSimulatorTestKeyA',
      }),
      'requests',
      noon,
    );
    expect(line).toBe('12:00:00.005 GET CreateSnapshot DiskId=d-in-arrears → 200 s-1 [LTAI5tSimulatorTestKeyA]');
  });

  it('verbose: adds the RequestId, the signature and why', () => {
    expect(requestLine(record(), 'verbose', noon).split('\n')).toEqual([
      '12:00:00.005 GET CreateSnapshot DiskId=d-in-arrears → 403 DiskInArrears',
      '  RequestId=R-1 signature=V1 valid AccessKeyId=LTAI5tSimulatorTestKey01',
      '  why: disk.inArrears: disks[d-in-arrears].inArrears == true',
    ]);
  });
});

describe('logRequests', () => {
  it('writes the lines of a turn of the event loop at once, from the main world and the test keys', async () => {
    const sim = new Simulator({ wallClock: Date });
    const writes: string[] = [];
    const stop = logRequests(sim, 'requests', (t) => writes.push(t));
    sim.journal.add(record());
    sim.tenant('LTAI5tSimulatorTestKeyA').journal.add(record({ accessKeyId: 'LTAI5tSimulatorTestKeyA' }));
    expect(writes).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).toHaveLength(1);
    expect(writes[0]?.split('\n')).toHaveLength(3);
    expect(writes[0]).toContain('[LTAI5tSimulatorTestKeyA]');
    stop();
    sim.journal.add(record());
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).toHaveLength(1);
  });

  it(`keeps at most ${MAX_PENDING_LOG_BYTES} bytes waiting, and says how many lines it left out`, async () => {
    const sim = new Simulator({ wallClock: Date });
    const writes: string[] = [];
    logRequests(sim, 'requests', (t) => writes.push(t));
    const long = record({ diskId: 'd'.repeat(10_000) });
    for (let i = 0; i < 200; i++) sim.journal.add(long);
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes[0]?.length).toBeLessThan(MAX_PENDING_LOG_BYTES + 20_000);
    expect(writes[0]).toMatch(/\((\d+) request lines not printed: stdout did not keep up\)\n$/);
  });

  it('quiet: listens to nothing', () => {
    const sim = new Simulator({ wallClock: Date });
    logRequests(sim, 'quiet', () => {});
    expect(sim.journal.onAdd).toBeUndefined();
  });
});
