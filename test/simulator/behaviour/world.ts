/**
 * The behaviour suite's world: every fixture disk of the default world (disk, instance and account states)
 * answers as the README says, and a World document put through the control plane sets the world, or is refused.
 */
import { describe, expect, it } from 'vitest';
import { defaultFixtures } from '../../../src/core/default-world.js';
import { call, expectError } from '../../support/call.js';
import { type Cases, params } from './context.js';

/** Each fixture disk of the default world answers what the README says, in this edition. */
export function fixtureCases(ctx: Cases): void {
  const { expectAnswer } = ctx;
  describe('fixture disks answer as the README says', () => {
    it.each(defaultFixtures.map((f) => [f.diskId, JSON.stringify(f.with ?? {}), f] as const))(
      '%s %s',
      async (_diskId, _with, fixture) => {
        const answer = await call(ctx.target, params(fixture.diskId, fixture.with));
        expectAnswer(answer, { today: fixture.answer, older: fixture.older ?? fixture.answer });
      },
    );
  });
}

/** The control plane's World document: refused when bad, its edition obeyed, round-tripped. */
export function worldDocumentCases(ctx: Cases): void {
  const { today } = ctx;
  describe('World document', () => {
    it('refuses a bad document, naming the field, and changes nothing', async () => {
      const before = await ctx.target.control.world();
      await expect(ctx.target.control.setWorld({ disks: [{ diskId: 'd-1', status: 'Broken' }] })).rejects.toThrow(
        /disks\[0\]\.status/,
      );
      const after = await ctx.target.control.world();
      expect(after).toEqual({ ...before, now: after.now });
    });
    it('answers the edition a World document names, whatever the simulator was started with', async () => {
      const other = today ? 'older-zh-CN' : '2025-01-03';
      await ctx.target.control.setWorld({ ...(await ctx.target.control.world()), edition: other });
      const answer = await call(ctx.target, params('d-healthy', { RetentionDays: '0' }));
      expectError(answer, other === '2025-01-03' ? 'InvalidRetentionDays.Malformed' : 'InvalidParameter', other);
      await expect(ctx.target.control.setWorld({ edition: 'tomorrow' })).rejects.toThrow(/edition: must be one of/);
    });
    it('round-trips: what GET gives, PUT takes', async () => {
      const world = await ctx.target.control.world();
      await ctx.target.control.setWorld(world);
      const again = await ctx.target.control.world();
      expect({ ...again, now: world.now }).toEqual(world);
    });
  });
}
