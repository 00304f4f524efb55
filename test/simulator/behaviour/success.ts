/**
 * The behaviour suite's success paths: a snapshot made with every signing, in JSON and XML (Format, then the
 * Accept header), every optional parameter kept, the request journalled; and idempotency with ClientToken.
 */
import { describe, expect, it } from 'vitest';
import {
  AUTHORIZED_STORAGE_LOCATION_ARN,
  PROCESSING_CLIENT_TOKEN,
  USED_CLIENT_TOKEN,
} from '../../../src/core/default-world.js';
import { call, expectSuccess, SIGNINGS } from '../../support/call.js';
import { type Cases, params, tags } from './context.js';

/** Creates snapshots: every signing, both formats, the optional parameters, the journal. */
export function successCases(ctx: Cases): void {
  describe('success', () => {
    it.each(SIGNINGS)('creates a snapshot, signed %s, answering JSON', async (signing) => {
      const answer = await call(ctx.target, params(), { signing, format: 'JSON' });
      expect(answer.contentType).toBe('application/json;charset=utf-8');
      expect(answer.extraHeaders?.['access-control-allow-origin']).toBe('*');
      expect(answer.extraHeaders?.['x-acs-trace-id']).toMatch(/^[0-9a-z]{32}$/);
      const id = expectSuccess(answer);
      const world = await ctx.target.control.world();
      expect(world.snapshots?.find((s) => s.snapshotId === id)).toMatchObject({
        diskId: 'd-healthy',
        status: 'progressing',
        type: 'user',
      });
    });

    it.each(SIGNINGS)('answers XML as text/xml;charset=utf-8 when asked, signed %s', async (signing) => {
      const answer = await call(ctx.target, params(), { signing, format: 'XML' });
      expect(answer.contentType).toBe('text/xml;charset=utf-8');
      expect(answer.body).toMatch(/^<\?xml version='1.0' encoding='UTF-8'\?>\n<CreateSnapshotResponse>/);
      expectSuccess(answer);
    });

    it('reads Format in any letter case, and falls back to the Accept header, then XML', async () => {
      const lower = await call(ctx.target, params(), {
        mutate: (r) => ({ ...r, url: r.url.replace('Format=JSON', 'Format=json') }),
      });
      expect(lower.status).toBe(400); // the signature covered Format=JSON: tampering is caught
      const xmlAsked = await call(ctx.target, params(), { format: 'XML', signing: 'V1 POST' });
      expect(xmlAsked.contentType).toMatch(/^text\/xml/);
      const v3Json = await call(ctx.target, params('d-available'), { signing: 'V3' }); // accept: application/json, no Format
      expect(v3Json.contentType).toMatch(/^application\/json/);
      const v3NoAccept = await call(ctx.target, params('d-expired'), {
        signing: 'V3',
        mutate: (r) => ({ ...r, headers: { ...r.headers, accept: '*/*' } }),
      });
      expect(v3NoAccept.contentType).toMatch(/^text\/xml/);
    });

    it('keeps every optional parameter on the snapshot, tags included', async () => {
      const id = expectSuccess(
        await call(
          ctx.target,
          params('d-healthy', {
            SnapshotName: '快照Name:1_2-3',
            Description: 'nightly backup',
            RetentionDays: '30',
            Category: 'Standard',
            ClientToken: '123e4567-e89b-12d3-a456-426655440000',
            ResourceGroupId: 'rg-1',
            ...tags(2),
          }),
        ),
      );
      const snapshot = (await ctx.target.control.world()).snapshots?.find((s) => s.snapshotId === id);
      expect(snapshot).toMatchObject({
        name: '快照Name:1_2-3',
        description: 'nightly backup',
        retentionDays: 30,
        category: 'Standard',
        resourceGroupId: 'rg-1',
        tags: [
          { key: 'k1', value: 'v1' },
          { key: 'k2', value: 'v2' },
        ],
      });
    });

    it("keeps today's parameters on the snapshot: InstantAccess, InstantAccessRetentionDays, StorageLocationArn", async () => {
      const id = expectSuccess(
        await call(
          ctx.target,
          params('d-healthy', {
            InstantAccess: 'true',
            InstantAccessRetentionDays: '5',
            StorageLocationArn: AUTHORIZED_STORAGE_LOCATION_ARN,
          }),
        ),
      );
      const snapshot = (await ctx.target.control.world()).snapshots?.find((s) => s.snapshotId === id);
      // The older page has none of the three: they are not read, as any parameter it does not know.
      expect(snapshot).toMatchObject(
        ctx.today
          ? { instantAccess: true, instantAccessRetentionDays: 5, storageLocationArn: AUTHORIZED_STORAGE_LOCATION_ARN }
          : { instantAccess: false, instantAccessRetentionDays: null, storageLocationArn: null },
      );
    });

    it('accepts the deprecated lower-case Tag.N.key / Tag.N.value', async () => {
      const id = expectSuccess(
        await call(ctx.target, params('d-healthy', { 'Tag.1.key': 'team', 'Tag.1.value': 'db' })),
      );
      expect((await ctx.target.control.world()).snapshots?.find((s) => s.snapshotId === id)?.tags).toEqual([
        { key: 'team', value: 'db' },
      ]);
    });

    it('records the request in the journal, with the signature verdict', async () => {
      const id = expectSuccess(await call(ctx.target, params()));
      const last = (await ctx.target.control.requests()).at(-1);
      expect(last).toMatchObject({
        action: 'CreateSnapshot',
        signature: { version: 'V1', verdict: 'valid' },
        answer: { status: 200, snapshotId: id },
      });
      expect(last?.parameters.DiskId).toBe('d-healthy');
    });
  });
}

/** ClientToken: a replay answers the same snapshot, a mismatch or a request in flight is refused. */
export function idempotencyCases(ctx: Cases): void {
  const { expectErr } = ctx;
  describe('idempotency (ClientToken)', () => {
    it('answers a replay with the same SnapshotId and creates nothing', async () => {
      const first = expectSuccess(
        await call(ctx.target, params('d-healthy', { ClientToken: 'tok-1', SnapshotName: 'n1' })),
      );
      const again = expectSuccess(
        await call(ctx.target, params('d-healthy', { ClientToken: 'tok-1', SnapshotName: 'n1' }), { signing: 'V3' }),
      );
      expect(again).toBe(first);
      expect((await ctx.target.control.world()).snapshots?.filter((s) => s.diskId === 'd-healthy')).toHaveLength(2); // s-used-token + 1
    });
    it('refuses the same token with other parameters', async () => {
      expectSuccess(await call(ctx.target, params('d-healthy', { ClientToken: 'tok-2' })));
      expectErr(
        await call(ctx.target, params('d-healthy', { ClientToken: 'tok-2', SnapshotName: 'other' })),
        'IdempotentParameterMismatch',
      );
      expectErr(
        await call(ctx.target, params('d-available', { ClientToken: USED_CLIENT_TOKEN })),
        'IdempotentParameterMismatch',
      );
    });
    it('answers IdempotentProcessing while the first request with the token is being processed', async () => {
      expectErr(
        await call(ctx.target, params('d-healthy', { ClientToken: PROCESSING_CLIENT_TOKEN })),
        'IdempotentProcessing',
      );
      // The first request is held 800 ms: ample time for the second to arrive, even on a loaded CI machine.
      await ctx.target.control.setFaults([{ action: 'CreateSnapshot', delayMs: 800, times: 1 }]);
      const slow = call(ctx.target, params('d-healthy', { ClientToken: 'tok-3' }));
      await new Promise((r) => setTimeout(r, 50));
      expectErr(await call(ctx.target, params('d-healthy', { ClientToken: 'tok-3' })), 'IdempotentProcessing');
      const id = expectSuccess(await slow);
      expect(expectSuccess(await call(ctx.target, params('d-healthy', { ClientToken: 'tok-3' })))).toBe(id);
    });
    it('frees the token when the first request fails, so a corrected retry may use it', async () => {
      expectErr(
        await call(ctx.target, params('d-transferring', { ClientToken: 'tok-4' })),
        'IncorrectDiskStatus.Transferring',
      );
      expectErr(
        await call(ctx.target, params('d-transferring', { ClientToken: 'tok-4' })),
        'IncorrectDiskStatus.Transferring',
      );
    });
  });
}
