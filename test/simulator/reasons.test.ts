/**
 * The journal says why each refusal happened: the catalogue check that decided, its condition with this
 * request's ids (the World field), and the string to sign for a signature mismatch. In process, through the
 * same protocol layer every adapter uses.
 */
import { describe, expect, it } from 'vitest';
import { INACTIVE_ACCESS_KEY_ID } from '../../src/core/default-world.js';
import { call, credentials, expectSuccess } from '../support/call.js';
import { inProcessTarget } from '../support/targets.js';

const target = inProcessTarget();
const lastReason = () => target.simulator.journal.list().at(-1)?.reason;

describe('reason in the journal', () => {
  it.each([
    { given: { DiskId: 'd-in-arrears' }, want: 'disk.inArrears: disks[d-in-arrears].inArrears == true' },
    { given: { DiskId: 'd-nope' }, want: 'disk.notFound: No disk in disks has diskId == DiskId' },
    { given: { DiskId: 'd-instance-starting' }, want: 'instance.status: The disk is attached' },
    { given: { DiskId: 'd-instance-never-started' }, want: 'instance.neverStarted:' },
    {
      given: { DiskId: 'd-healthy', RetentionDays: '0' },
      want: 'param.retentionDays.invalid: RetentionDays is present',
    },
    {
      given: { DiskId: 'd-healthy', Category: 'Slow' },
      want: "param.category.invalid: Category is present and is not 'Standard' or 'Flash' in any letter case (parameter Category)",
    },
    { given: { DiskId: 'd-healthy', Format: 'YAML' }, want: 'common.format.invalid: Format is present' },
    {
      given: { DiskId: 'd-healthy', ClientToken: 'ct-used-for-d-healthy', SnapshotName: 'other' },
      want: 'clientToken.mismatch: clientTokens[ct-used-for-d-healthy] exists',
    },
  ])('$given → $want', async ({ given, want }) => {
    target.simulator.reset();
    await call(target, given);
    expect(lastReason()).toContain(want);
  });

  it.each([
    { given: '/?Version=2014-05-26&DiskId=d-1', want: ['common.action.missing: ', '(parameter Action)'] },
    {
      given: '/?Action=CreateSnapshot&Version=2014-05-26&DiskId=d-1',
      want: ['v1.common.missing: ', '(parameter AccessKeyId)'],
    },
  ])('an unsigned $given → $want', async ({ given, want: [start, end] }) => {
    await target.send({ method: 'GET', url: given, headers: {}, body: '' });
    expect(lastReason()?.startsWith(start as string)).toBe(true);
    expect(lastReason()?.endsWith(end as string)).toBe(true);
  });

  it('names the access key field that decided', async () => {
    await call(
      target,
      { DiskId: 'd-healthy' },
      { credentials: { ...credentials, accessKeyId: INACTIVE_ACCESS_KEY_ID } },
    );
    expect(lastReason()).toBe(`accessKey.inactive: accessKeys[${INACTIVE_ACCESS_KEY_ID}].active == false`);
  });

  it.each(['V1 GET', 'V3'] as const)(
    '%s: a signature mismatch gives the string the simulator signed',
    async (signing) => {
      await call(
        target,
        { DiskId: 'd-healthy' },
        { signing, credentials: { ...credentials, accessKeySecret: 'wrong' } },
      );
      expect(lastReason()).toMatch(/^signature\.mismatch: .*; server string to sign is:/);
    },
  );

  it('says a refusal came from an injected fault; a success has no reason', async () => {
    target.simulator.reset();
    target.simulator.faults.set([{ action: 'CreateSnapshot', code: 'Throttling', times: 1 }]);
    await call(target, { DiskId: 'd-healthy' });
    expect(lastReason()).toMatch(/^fault: injected by PUT \/_sim\/faults/);
    expectSuccess(await call(target, { DiskId: 'd-healthy' }));
    const last = target.simulator.journal.list().at(-1);
    expect(last !== undefined && 'reason' in last).toBe(false);
  });
});
