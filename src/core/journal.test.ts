import { describe, expect, it } from 'vitest';
import { Journal, type JournalRecord } from './journal.js';

const record = (i: number): JournalRecord => ({
  at: Date.UTC(2026, 10, 29, 0, 0, i),
  method: 'GET',
  action: 'CreateSnapshot',
  parameters: () => ({ DiskId: `d-${i}` }),
  version: 'V1',
  verdict: 'valid',
  status: i % 2 === 0 ? 200 : 404,
  requestId: `R-${i}`,
  code: i % 2 === 0 ? undefined : 'InvalidDiskId.NotFound',
  snapshotId: i % 2 === 0 ? `s-${i}` : undefined,
  reason: undefined,
  diskId: undefined,
  accessKeyId: undefined,
});

describe('Journal', () => {
  it('lists the entries as the control plane shows them, oldest first, answers without absent fields', () => {
    const journal = new Journal(5);
    for (let i = 1; i <= 2; i++) journal.add(record(i));
    expect(journal.list()).toEqual([
      {
        time: '2026-11-29T00:00:01.000Z',
        method: 'GET',
        action: 'CreateSnapshot',
        parameters: { DiskId: 'd-1' },
        signature: { version: 'V1', verdict: 'valid' },
        answer: { status: 404, requestId: 'R-1', code: 'InvalidDiskId.NotFound' },
      },
      {
        time: '2026-11-29T00:00:02.000Z',
        method: 'GET',
        action: 'CreateSnapshot',
        parameters: { DiskId: 'd-2' },
        signature: { version: 'V1', verdict: 'valid' },
        answer: { status: 200, requestId: 'R-2', snapshotId: 's-2' },
      },
    ]);
    expect(Object.keys(journal.list()[1]?.answer ?? {})).toEqual(['status', 'requestId', 'snapshotId']);
  });

  it('keeps the last `capacity` entries, and gives those after a mark, across wrap-around and clear', () => {
    const journal = new Journal(3);
    const ids = (entries: ReturnType<Journal['list']>) => entries.map((e) => e.answer.requestId);
    journal.add(record(1));
    const mark = journal.added;
    for (let i = 2; i <= 3; i++) journal.add(record(i));
    expect(ids(journal.since(mark))).toEqual(['R-2', 'R-3']);
    for (let i = 4; i <= 5; i++) journal.add(record(i));
    expect(ids(journal.list())).toEqual(['R-3', 'R-4', 'R-5']);
    // Those after the mark that are still kept: R-2 is gone.
    expect(ids(journal.since(mark))).toEqual(['R-3', 'R-4', 'R-5']);
    const late = journal.added;
    expect(journal.since(late)).toEqual([]);
    journal.add(record(6));
    expect(ids(journal.since(late))).toEqual(['R-6']);
    journal.clear();
    expect(journal.list()).toEqual([]);
    journal.add(record(7));
    expect(ids(journal.since(late))).toEqual(['R-7']); // R-6 went with the clear
  });
});
