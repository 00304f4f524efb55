/**
 * The documents parseWorldDocument refuses, each with the one message it gives, and whether
 * openapi/world.schema.json refuses it too: the errors test and the schema test of world-document.ts share them.
 */
import { DISK_STATUSES, INSTANCE_STATUSES } from '../../src/core/world-document.js';
import { NOW } from './world-document.js';

export interface ErrorRow {
  name: string;
  given: unknown;
  want: string;
  /** Whether openapi/world.schema.json refuses it too (duplicates, references and calendar dates it cannot express). */
  schema: boolean;
}

export const errorRows: ErrorRow[] = [
  { name: 'an array as the document', given: [], want: '(root): must be a JSON object (got an array)', schema: true },
  { name: 'null as the document', given: null, want: '(root): must be a JSON object (got null)', schema: true },
  {
    name: 'a string as the document',
    given: 'world',
    want: '(root): must be a JSON object (got "world")',
    schema: true,
  },
  { name: 'an unknown top-level field', given: { disk: [] }, want: '(root): unknown field "disk"', schema: true },
  {
    name: 'an unknown field of an instance',
    given: { instances: [{ instanceId: 'i-1' }, { instanceId: 'i-2', stauts: 'Stopped' }] },
    want: 'instances[1]: unknown field "stauts"',
    schema: true,
  },
  {
    name: 'a bad disk status',
    given: { disks: [{ diskId: 'd-0' }, { diskId: 'd-1' }, { diskId: 'd-2', status: 'Broken' }] },
    want: `disks[2].status: must be one of ${DISK_STATUSES.join(', ')} (got "Broken")`,
    schema: true,
  },
  {
    name: 'a disk size of 0',
    given: { disks: [{ diskId: 'd-1', sizeGiB: 0 }] },
    want: 'disks[0].sizeGiB: must be an integer from 1 to 65536 (got 0)',
    schema: true,
  },
  {
    name: 'a fractional disk size',
    given: { disks: [{ diskId: 'd-1', sizeGiB: 1.5 }] },
    want: 'disks[0].sizeGiB: must be an integer from 1 to 65536 (got 1.5)',
    schema: true,
  },
  {
    name: 'a disk size as a string',
    given: { disks: [{ diskId: 'd-1', sizeGiB: '40' }] },
    want: 'disks[0].sizeGiB: must be an integer from 1 to 65536 (got "40")',
    schema: true,
  },
  {
    name: 'null for a field that is not nullable',
    given: { disks: [{ diskId: 'd-1', encrypted: null }] },
    want: 'disks[0].encrypted: must be true or false (got null)',
    schema: true,
  },
  {
    name: 'a disk category with capitals',
    given: { disks: [{ diskId: 'd-1', category: 'Cloud_ESSD' }] },
    want: 'disks[0].category: must be lowercase letters and underscores, such as cloud_essd (got "Cloud_ESSD")',
    schema: true,
  },
  {
    name: 'a duplicate diskId',
    given: { disks: [{ diskId: 'd-1' }, { diskId: 'd-2' }, { diskId: 'd-1' }] },
    want: 'disks: duplicate diskId "d-1" (also at disks[0])',
    schema: false,
  },
  {
    name: 'a duplicate snapshotId',
    given: {
      snapshots: [
        { snapshotId: 's-1', diskId: 'd-1' },
        { snapshotId: 's-1', diskId: 'd-2' },
      ],
    },
    want: 'snapshots: duplicate snapshotId "s-1" (also at snapshots[0])',
    schema: false,
  },
  {
    name: 'a duplicate clientToken',
    given: {
      clientTokens: [
        { clientToken: 't', fingerprint: 'a' },
        { clientToken: 't', fingerprint: 'b' },
      ],
    },
    want: 'clientTokens: duplicate clientToken "t" (also at clientTokens[0])',
    schema: false,
  },
  {
    name: 'a duplicate accessKeyId',
    given: {
      accessKeys: [
        { accessKeyId: 'ak', accessKeySecret: 'a' },
        { accessKeyId: 'ak', accessKeySecret: 'b' },
      ],
    },
    want: 'accessKeys: duplicate accessKeyId "ak" (also at accessKeys[0])',
    schema: false,
  },
  {
    name: 'a duplicate tag key',
    given: { snapshots: [{ snapshotId: 's-1', diskId: 'd-1', tags: [{ key: 'k' }, { key: 'k', value: 'v' }] }] },
    want: 'snapshots[0].tags: duplicate key "k" (also at snapshots[0].tags[0])',
    schema: false,
  },
  {
    name: 'an accountId that is not in accounts',
    given: {
      accounts: { 'acct-1': {} },
      disks: [{ diskId: 'd-0' }, { diskId: 'd-1' }, { diskId: 'd-2' }, { diskId: 'd-3', accountId: 'acct-x' }],
    },
    want: 'disks[3].accountId: no account "acct-x" in accounts',
    schema: false,
  },
  {
    name: 'a createdAt that is no date',
    given: { snapshots: [{ snapshotId: 's-1', diskId: 'd-1', createdAt: 'yesterday' }] },
    want: 'snapshots[0].createdAt: must be an ISO 8601 date-time such as 2026-11-29T06:00:00Z (got "yesterday")',
    schema: true,
  },
  {
    name: 'a time with an offset instead of Z',
    given: { now: '2026-11-29T14:00:00+08:00' },
    want: 'now: must be an ISO 8601 date-time such as 2026-11-29T06:00:00Z (got "2026-11-29T14:00:00+08:00")',
    schema: true,
  },
  {
    name: 'a time as epoch milliseconds',
    given: { instances: [{ instanceId: 'i-1', createdAt: NOW }] },
    want: `instances[0].createdAt: must be an ISO 8601 date-time such as 2026-11-29T06:00:00Z (got ${NOW})`,
    schema: true,
  },
  {
    name: 'a day that does not exist',
    given: { disks: [{ diskId: 'd-1', releaseAt: '2026-02-30T00:00:00Z' }] },
    want: 'disks[0].releaseAt: must be an ISO 8601 date-time such as 2026-11-29T06:00:00Z, or null (got "2026-02-30T00:00:00Z")',
    schema: true,
  },
  {
    name: 'a missing diskId',
    given: { disks: [{ sizeGiB: 10 }] },
    want: 'disks[0].diskId: is required, a non-empty string',
    schema: true,
  },
  {
    name: 'an empty instanceId',
    given: { instances: [{ instanceId: '' }] },
    want: 'instances[0].instanceId: must be a non-empty string (got "")',
    schema: true,
  },
  {
    name: 'a snapshot without a diskId',
    given: { snapshots: [{ snapshotId: 's-1' }] },
    want: 'snapshots[0].diskId: is required, a non-empty string',
    schema: true,
  },
  {
    name: 'an access key without a secret',
    given: { accessKeys: [{ accessKeyId: 'ak' }] },
    want: 'accessKeys[0].accessKeySecret: is required, a non-empty string',
    schema: true,
  },
  {
    name: 'a client token without a fingerprint',
    given: { clientTokens: [{ clientToken: 't' }] },
    want: 'clientTokens[0].fingerprint: is required, a string',
    schema: true,
  },
  {
    name: 'a progress over 100',
    given: { snapshots: [{ snapshotId: 's-1', diskId: 'd-1', progress: 101 }] },
    want: 'snapshots[0].progress: must be an integer from 0 to 100 (got 101)',
    schema: true,
  },
  {
    name: 'a retention of 0 days',
    given: { snapshots: [{ snapshotId: 's-1', diskId: 'd-1', retentionDays: 0 }] },
    want: 'snapshots[0].retentionDays: must be an integer from 1 to 65536, or null (got 0)',
    schema: true,
  },
  {
    name: 'an instant access of 65536 days',
    given: { snapshots: [{ snapshotId: 's-1', diskId: 'd-1', instantAccessRetentionDays: 65_536 }] },
    want: 'snapshots[0].instantAccessRetentionDays: must be an integer from 1 to 65535, or null (got 65536)',
    schema: true,
  },
  {
    name: 'a storage location ARN that is no string',
    given: { snapshots: [{ snapshotId: 's-1', diskId: 'd-1', storageLocationArn: 7 }] },
    want: 'snapshots[0].storageLocationArn: must be a string or null (got 7)',
    schema: true,
  },
  {
    name: 'a bad snapshot category',
    given: { snapshots: [{ snapshotId: 's-1', diskId: 'd-1', category: 'Premium' }] },
    want: 'snapshots[0].category: must be one of Standard, Flash, or null (got "Premium")',
    schema: true,
  },
  {
    name: 'a tag without a key',
    given: { snapshots: [{ snapshotId: 's-1', diskId: 'd-1', tags: [{ value: 'v' }] }] },
    want: 'snapshots[0].tags[0].key: is required, a non-empty string',
    schema: true,
  },
  {
    name: 'disks that are not an array',
    given: { disks: { diskId: 'd-1' } },
    want: 'disks: must be an array (got an object)',
    schema: true,
  },
  {
    name: 'a disk that is not an object',
    given: { disks: ['d-1'] },
    want: 'disks[0]: must be an object (got "d-1")',
    schema: true,
  },
  {
    name: 'a bad balance of a named account',
    given: { accounts: { 'acct-1': { balance: 'low' } } },
    want: 'accounts["acct-1"].balance: must be one of sufficient, insufficient, insufficientForPostpaid (got "low")',
    schema: true,
  },
  {
    name: 'an unknown field of the account',
    given: { account: { balanse: 'insufficient' } },
    want: 'account: unknown field "balanse"',
    schema: true,
  },
  {
    name: 'an empty account id',
    given: { accounts: { '': {} } },
    want: 'accounts: an account id must be a non-empty string',
    schema: true,
  },
  {
    name: 'a bad instance status',
    given: { instances: [{ instanceId: 'i-1', status: 'running' }] },
    want: `instances[0].status: must be one of ${INSTANCE_STATUSES.join(', ')} (got "running")`,
    schema: true,
  },
];
