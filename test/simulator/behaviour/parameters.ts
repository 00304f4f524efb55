/**
 * The behaviour suite's parameter rules: every documented limit of the request parameters, as each edition
 * answers it (its code, or success), the boundaries accepted, and parameters checked before the disk's state.
 */
import { describe, expect, it } from 'vitest';
import { call, expectSuccess } from '../../support/call.js';
import { type Cases, params, tags, type Want, wantIn } from './context.js';

/** Each parameter rule, answered as this edition has it; the boundaries; parameters before state. */
export function parameterCases(ctx: Cases): void {
  const { edition, expectErr } = ctx;
  describe('parameter rules', () => {
    const rows: Array<{ given: Record<string, string>; want: Want }> = [
      { given: { DiskId: '' }, want: 'MissingParameter' },
      { given: { SnapshotName: 'a' }, want: 'InvalidSnapshotName.Malformed' },
      { given: { SnapshotName: `a${'b'.repeat(128)}` }, want: 'InvalidSnapshotName.Malformed' },
      { given: { SnapshotName: 'autoNightly' }, want: 'InvalidSnapshotName.Malformed' },
      { given: { SnapshotName: 'http://x' }, want: 'InvalidSnapshotName.Malformed' },
      { given: { SnapshotName: '1st' }, want: 'InvalidSnapshotName.Malformed' },
      { given: { Description: 'd' }, want: 'InvalidDescription.Malformed' },
      { given: { Description: 'https://example.com' }, want: 'InvalidDescription.Malformed' },
      { given: { Description: 'd'.repeat(257) }, want: 'InvalidDescription.Malformed' },
      {
        given: { SnapshotName: 'nightly.backup' },
        want: { today: 'success', older: 'InvalidSnapshotName.Malformed' },
      },
      {
        given: { SnapshotName: 'Sauvegarde-été' },
        want: { today: 'success', older: 'InvalidSnapshotName.Malformed' },
      },
      {
        given: { RetentionDays: '0' },
        want: { today: 'InvalidRetentionDays.Malformed', older: 'InvalidParameter' },
      },
      {
        given: { RetentionDays: '65537' },
        want: { today: 'InvalidRetentionDays.Malformed', older: 'InvalidParameter' },
      },
      {
        given: { Category: 'Archive' },
        want: { today: 'InvalidSnapshotCategory.Malformed', older: 'InvalidParameter' },
      },
      { given: { Category: 'standard' }, want: 'success' },
      { given: { Category: 'FLASH' }, want: 'success' },
      {
        given: { ClientToken: 't'.repeat(65) },
        want: { today: 'InvalidClientToken.Malformed', older: 'InvalidParameter' },
      },
      {
        given: { ClientToken: '令牌' },
        want: { today: 'InvalidClientToken.Malformed', older: 'InvalidParameter' },
      },
      { given: tags(21), want: { today: 'InvalidTagKey.Malformed', older: 'QuotaExceed.Tags' } },
      { given: { InstantAccess: 'yes' }, want: { today: 'InvalidParameter', older: 'success' } },
      { given: { InstantAccess: 'True' }, want: 'success' },
      { given: { InstantAccess: 'false', Category: 'Standard' }, want: 'success' },
      {
        given: { Category: 'Standard', InstantAccess: 'true' },
        want: { today: 'InvalidCategoryAndInstantAccess.Malformed', older: 'success' },
      },
      {
        given: { InstantAccess: 'true', InstantAccessRetentionDays: '65536' },
        want: { today: 'InvalidInstantAccessRetentionDays.Malformed', older: 'success' },
      },
      {
        given: { InstantAccessRetentionDays: '7' },
        want: { today: 'InvalidInstantAccessRetentionDays.Malformed', older: 'success' },
      },
      { given: { InstantAccess: 'true', InstantAccessRetentionDays: '65535' }, want: 'success' },
      { given: { 'Tag.1.Key': '' }, want: 'InvalidTagKey.Malformed' },
      { given: { 'Tag.1.Key': 'aliyunTeam' }, want: 'InvalidTagKey.Malformed' },
      { given: { 'Tag.1.Key': 'acs:team' }, want: 'InvalidTagKey.Malformed' },
      { given: { 'Tag.1.Key': 'k'.repeat(129) }, want: 'InvalidTagKey.Malformed' },
      { given: { 'Tag.1.Key': 'see http://x' }, want: 'InvalidTagKey.Malformed' },
      { given: { 'Tag.1.Value': 'orphan' }, want: 'InvalidTagKey.Malformed' },
      {
        given: { 'Tag.1.Key': 'k', 'Tag.1.Value': 'acs:v' },
        want: { today: 'success', older: 'InvalidTagValue.Malformed' },
      },
      { given: { 'Tag.1.Key': 'k', 'Tag.1.Value': 'v'.repeat(129) }, want: 'InvalidTagValue.Malformed' },
      { given: { 'Tag.1.Key': 'k', 'Tag.1.Value': 'x https://y' }, want: 'InvalidTagValue.Malformed' },
      { given: { 'Tag.1.Key': 'k', 'Tag.2.Key': 'k' }, want: 'Duplicate.TagKey' },
    ];
    it.each(rows.map((r) => [JSON.stringify(r.want), JSON.stringify(r.given).slice(0, 60), r] as const))(
      '%s for %s',
      async (_w, _g, { given, want: wanted }) => {
        const want = wantIn(wanted, edition);
        const answer = await call(ctx.target, { DiskId: 'd-healthy', ...given });
        if (want === 'success') {
          expectSuccess(answer);
          return;
        }
        const body = expectErr(answer, want);
        if (want === 'MissingParameter') expect(body.Message).toContain('"DiskId"');
        if (want === 'InvalidParameter') expect(body.Message).toContain(`"${Object.keys(given)[0]}"`);
        expect((await ctx.target.control.world()).snapshots?.filter((s) => s.diskId === 'd-healthy')).toHaveLength(1);
      },
    );

    it('accepts the boundaries: names of 2 and 128, RetentionDays 1 and 65536, 20 tags', async () => {
      expectSuccess(
        await call(ctx.target, params('d-healthy', { SnapshotName: 'ab', RetentionDays: '1', ...tags(20) })),
      );
      expectSuccess(
        await call(ctx.target, params('d-available', { SnapshotName: `a${'b'.repeat(127)}`, RetentionDays: '65536' })),
      );
    });

    it('checks parameters before the state of the disk', async () => {
      expectErr(
        await call(ctx.target, params('d-does-not-exist', { SnapshotName: 'a' })),
        'InvalidSnapshotName.Malformed',
      );
    });
  });
}
