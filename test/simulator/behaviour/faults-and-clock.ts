/**
 * The behaviour suite's faults and clock: errors and latency injected through the control plane, and the
 * lifecycle of a snapshot on the virtual clock (progress, completion, retention, release, the quota).
 */
import { describe, expect, it } from 'vitest';
import { errorCatalogue } from '../../../src/catalogue.js';
import { call, credentials, expectSuccess } from '../../support/call.js';
import { type Cases, params } from './context.js';

/** Every fault-only error of this edition injected for N requests, scoped to a disk; latency alone. */
export function faultCases(ctx: Cases): void {
  const { edition, expectErr } = ctx;
  describe('faults', () => {
    const faultOnly = errorCatalogue.filter((e) => {
      const triggers = e.when.filter((t) => (t.editions as readonly string[]).includes(edition));
      return triggers.length > 0 && triggers.every((t) => t.stage === 'fault');
    });
    it.each(faultOnly.map((e) => [e.id, e] as const))('injects %s for the next N requests', async (id, entry) => {
      await ctx.target.control.setFaults([{ action: 'CreateSnapshot', code: id, times: 2 }]);
      const first = await call(ctx.target, params());
      expectErr(first, entry.id);
      // Throttled answers tell the client when to retry, as the darabonba openapi v2 SDK reads it.
      const limit = first.extraHeaders?.['x-ratelimit-user'];
      if (entry.code.startsWith('Throttling')) expect(limit).toMatch(/^Limit:\d+,Remain:0,TimeLeft:\d+,Reset:\d+$/);
      else expect(limit).toBeUndefined();
      expectErr(await call(ctx.target, params(), { signing: 'V3' }), entry.id);
      expectSuccess(await call(ctx.target, params()));
    });
    it('scopes a fault to a DiskId, and still checks the signature first', async () => {
      await ctx.target.control.setFaults([
        { action: 'CreateSnapshot', code: 'ServiceUnavailable', times: 1, diskId: 'd-available' },
      ]);
      expectSuccess(await call(ctx.target, params('d-healthy')));
      expectErr(
        await call(ctx.target, params('d-available'), { credentials: { ...credentials, accessKeySecret: 'bad' } }),
        'SignatureDoesNotMatch',
      );
      expectErr(await call(ctx.target, params('d-available')), 'ServiceUnavailable');
    });
    it('adds latency with delayMs alone', async () => {
      await ctx.target.control.setFaults([{ action: 'CreateSnapshot', delayMs: 200, times: 1 }]);
      const started = performance.now();
      expectSuccess(await call(ctx.target, params()));
      expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    });
  });
}

/** A snapshot's lifecycle on the virtual clock, and the quota of manual snapshots. */
export function lifecycleCases(ctx: Cases): void {
  const { expectErr } = ctx;
  describe('lifecycle on the virtual clock', () => {
    it('progresses with disk size, accomplishes, then allows the next snapshot', async () => {
      const id = expectSuccess(await call(ctx.target, params()));
      expectErr(await call(ctx.target, params()), 'IncorrectDiskStatus.CreatingSnapshot');
      await ctx.target.control.advanceClock(70); // 60 s + 2 s/GiB × 40 GiB = 140 s in all
      const half = (await ctx.target.control.world()).snapshots?.find((s) => s.snapshotId === id);
      expect(half?.status).toBe('progressing');
      expect(half?.progress).toBeGreaterThanOrEqual(45);
      expect(half?.progress).toBeLessThanOrEqual(55);
      await ctx.target.control.advanceClock(70);
      expect((await ctx.target.control.world()).snapshots?.find((s) => s.snapshotId === id)).toMatchObject({
        status: 'accomplished',
        progress: 100,
      });
      expectSuccess(await call(ctx.target, params()));
    });
    it('releases a snapshot when its RetentionDays end', async () => {
      const id = expectSuccess(await call(ctx.target, params('d-healthy', { RetentionDays: '1' })));
      await ctx.target.control.advanceClock(86_399);
      expect((await ctx.target.control.world()).snapshots?.some((s) => s.snapshotId === id)).toBe(true);
      await ctx.target.control.advanceClock(2);
      expect((await ctx.target.control.world()).snapshots?.some((s) => s.snapshotId === id)).toBe(false);
    });
    it('deletes a snapshot still in progress with its expired disk at release time', async () => {
      const before = (await ctx.target.control.world()).snapshots?.length;
      const id = expectSuccess(await call(ctx.target, params('d-expiring')));
      await ctx.target.control.advanceClock(11 * 60);
      const world = await ctx.target.control.world();
      expect(world.disks?.some((d) => d.diskId === 'd-expiring')).toBe(false);
      expect(world.snapshots?.some((s) => s.snapshotId === id)).toBe(false);
      expect(world.snapshots?.length).toBe(before);
      expectErr(await call(ctx.target, params('d-expiring')), 'InvalidDiskId.NotFound');
    });
    it('counts manual snapshots only against the 256 quota', async () => {
      const world = await ctx.target.control.world();
      const snapshots = world.snapshots?.filter((s) => s.diskId === 'd-quota-full') ?? [];
      expect(snapshots.filter((s) => s.type === 'user')).toHaveLength(256);
      const oneUserLess = world.snapshots?.filter((s) => s.snapshotId !== 's-quota-full-001');
      await ctx.target.control.setWorld({ ...world, snapshots: oneUserLess });
      expectSuccess(await call(ctx.target, params('d-quota-full')));
      await ctx.target.control.advanceClock(3600);
      expectErr(await call(ctx.target, params('d-quota-full')), 'QuotaExceed.Snapshot');
    });
  });
}
