/** parseWorldDocument's errors: each refusal names its field, every problem is told at once, and what it accepts. */
import { describe, expect, it } from 'vitest';
import { errorsOf } from '../../test/support/world-document.js';
import { errorRows } from '../../test/support/world-document-error-rows.js';

describe('parseWorldDocument: errors', () => {
  it.each(errorRows)('refuses $name', ({ given, want }) => {
    expect(errorsOf(given)).toStrictEqual([want]);
  });

  it('reports every problem at once, each naming its field', () => {
    const errors = errorsOf({
      now: 'soon',
      disks: [
        { diskId: 'd-1', sizeGiB: -1, stauts: 'In_use' },
        { diskId: 'd-1', accountId: 'nobody' },
      ],
      snapshots: [{ diskId: 'd-1', progress: 'half' }],
    });
    expect(errors).toStrictEqual([
      'now: must be an ISO 8601 date-time such as 2026-11-29T06:00:00Z (got "soon")',
      'disks[0].sizeGiB: must be an integer from 1 to 65536 (got -1)',
      'disks[0]: unknown field "stauts"',
      'disks[1].accountId: no account "nobody" in accounts',
      'disks: duplicate diskId "d-1" (also at disks[0])',
      'snapshots[0].snapshotId: is required, a non-empty string',
      'snapshots[0].progress: must be an integer from 0 to 100 (got "half")',
    ]);
  });

  it.each([
    { name: 'a disk on an instance that does not exist', given: { disks: [{ diskId: 'd-1', instanceId: 'i-gone' }] } },
    {
      name: 'a snapshot of a disk that does not exist',
      given: { snapshots: [{ snapshotId: 's-1', diskId: 'd-gone' }] },
    },
    { name: 'milliseconds in a time', given: { now: '2026-11-29T06:00:00.5Z' } },
    { name: 'a category the simulator does not support', given: { disks: [{ diskId: 'd-1', category: 'ephemeral' }] } },
  ])('accepts $name', ({ given }) => {
    expect(errorsOf(given)).toStrictEqual([]);
  });
});
