/**
 * One behaviour suite for every implementation of the simulator: in process, MSW handlers, HTTP server,
 * answering one edition of the page (behaviour.test.ts: today's, the default; behaviour-older.test.ts: the
 * older one, side by side). Every success path, every documented error of the edition, idempotency, the
 * lifecycle, both signature versions, both formats. Documented codes, statuses and messages come from the
 * catalogue only.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Edition, type ErrorId, errorCatalogue, inEdition } from '../../src/catalogue.js';
import {
  defaultFixtures,
  FORBIDDEN_ACCESS_KEY_ID,
  INACTIVE_ACCESS_KEY_ID,
  NO_ACTION_ACCESS_KEY_ID,
  PROCESSING_CLIENT_TOKEN,
  USED_CLIENT_TOKEN,
} from '../../src/core/default-world.js';
import { DEFAULT_ACCESS_KEY_SECRET } from '../../src/core/world-document.js';
import { call, credentials, expectError, expectSuccess, SIGNINGS, signed } from '../support/call.js';
import { httpTarget, inProcessTarget, mswTarget, type Target } from '../support/targets.js';

const makers: Array<(edition: Edition) => Promise<Target> | Target> = [inProcessTarget, mswTarget, httpTarget];
/** What each edition answers, where they differ. */
type Want = ErrorId | 'success' | { today: ErrorId | 'success'; older: ErrorId | 'success' };
const wantIn = (want: Want, edition: Edition): ErrorId | 'success' =>
  typeof want === 'string' ? want : edition === '2025-01-03' ? want.today : want.older;

const params = (diskId = 'd-healthy', extra: Record<string, string> = {}) => ({ DiskId: diskId, ...extra });
const tags = (n: number, key = (i: number) => `k${i}`) =>
  Object.fromEntries(
    Array.from({ length: n }, (_, i) => [
      [`Tag.${i + 1}.Key`, key(i + 1)],
      [`Tag.${i + 1}.Value`, `v${i + 1}`],
    ]).flat(),
  );

export function behaviourSuite(edition: Edition): void {
  /** Every catalogue id some test saw, per target: checked against the edition's catalogue at the end. */
  const seen = new Map<string, { edition: Edition; saw: Set<string> }>();
  describe.each(makers.map((make) => [make.name.replace('Target', ''), edition, { make }] as const))(
    '%s, edition %s',
    (name, edition, { make }) => {
      let target: Target;
      const saw = new Set<string>();
      seen.set(`${name} ${edition}`, { edition, saw });
      const today = edition === '2025-01-03';
      const expectErr = (answer: Awaited<ReturnType<typeof call>>, id: ErrorId) => {
        saw.add(id);
        return expectError(answer, id, edition);
      };
      /** The answer is `want` as this edition has it. */
      const expectAnswer = (answer: Awaited<ReturnType<typeof call>>, want: Want) => {
        const w = wantIn(want, edition);
        if (w === 'success') expectSuccess(answer);
        else expectErr(answer, w);
      };

      beforeAll(async () => {
        target = await make(edition);
      });
      afterAll(async () => target.close());
      beforeEach(async () => target.control.reset());

      describe('success', () => {
        it.each(SIGNINGS)('creates a snapshot, signed %s, answering JSON', async (signing) => {
          const answer = await call(target, params(), { signing, format: 'JSON' });
          expect(answer.contentType).toBe('application/json;charset=utf-8');
          expect(answer.extraHeaders?.['access-control-allow-origin']).toBe('*');
          expect(answer.extraHeaders?.['x-acs-trace-id']).toMatch(/^[0-9a-z]{32}$/);
          const id = expectSuccess(answer);
          const world = await target.control.world();
          expect(world.snapshots?.find((s) => s.snapshotId === id)).toMatchObject({
            diskId: 'd-healthy',
            status: 'progressing',
            type: 'user',
          });
        });

        it.each(SIGNINGS)('answers XML as text/xml;charset=utf-8 when asked, signed %s', async (signing) => {
          const answer = await call(target, params(), { signing, format: 'XML' });
          expect(answer.contentType).toBe('text/xml;charset=utf-8');
          expect(answer.body).toMatch(/^<\?xml version='1.0' encoding='UTF-8'\?>\n<CreateSnapshotResponse>/);
          expectSuccess(answer);
        });

        it('reads Format in any letter case, and falls back to the Accept header, then XML', async () => {
          const lower = await call(target, params(), {
            mutate: (r) => ({ ...r, url: r.url.replace('Format=JSON', 'Format=json') }),
          });
          expect(lower.status).toBe(400); // the signature covered Format=JSON: tampering is caught
          const xmlAsked = await call(target, params(), { format: 'XML', signing: 'V1 POST' });
          expect(xmlAsked.contentType).toMatch(/^text\/xml/);
          const v3Json = await call(target, params('d-available'), { signing: 'V3' }); // accept: application/json, no Format
          expect(v3Json.contentType).toMatch(/^application\/json/);
          const v3NoAccept = await call(target, params('d-expired'), {
            signing: 'V3',
            mutate: (r) => ({ ...r, headers: { ...r.headers, accept: '*/*' } }),
          });
          expect(v3NoAccept.contentType).toMatch(/^text\/xml/);
        });

        it('keeps every optional parameter on the snapshot, tags included', async () => {
          const id = expectSuccess(
            await call(
              target,
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
          const snapshot = (await target.control.world()).snapshots?.find((s) => s.snapshotId === id);
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

        it('accepts the deprecated lower-case Tag.N.key / Tag.N.value', async () => {
          const id = expectSuccess(
            await call(target, params('d-healthy', { 'Tag.1.key': 'team', 'Tag.1.value': 'db' })),
          );
          expect((await target.control.world()).snapshots?.find((s) => s.snapshotId === id)?.tags).toEqual([
            { key: 'team', value: 'db' },
          ]);
        });

        it('records the request in the journal, with the signature verdict', async () => {
          const id = expectSuccess(await call(target, params()));
          const last = (await target.control.requests()).at(-1);
          expect(last).toMatchObject({
            action: 'CreateSnapshot',
            signature: { version: 'V1', verdict: 'valid' },
            answer: { status: 200, snapshotId: id },
          });
          expect(last?.parameters.DiskId).toBe('d-healthy');
        });
      });

      describe('fixture disks answer as the README says', () => {
        it.each(defaultFixtures.map((f) => [f.diskId, JSON.stringify(f.with ?? {}), f] as const))(
          '%s %s',
          async (_diskId, _with, fixture) => {
            const answer = await call(target, params(fixture.diskId, fixture.with));
            expectAnswer(answer, { today: fixture.answer, older: fixture.older ?? fixture.answer });
          },
        );
      });

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
            const answer = await call(target, { DiskId: 'd-healthy', ...given });
            if (want === 'success') {
              expectSuccess(answer);
              return;
            }
            const body = expectErr(answer, want);
            if (want === 'MissingParameter') expect(body.Message).toContain('"DiskId"');
            if (want === 'InvalidParameter') expect(body.Message).toContain(`"${Object.keys(given)[0]}"`);
            expect((await target.control.world()).snapshots?.filter((s) => s.diskId === 'd-healthy')).toHaveLength(1);
          },
        );

        it('accepts the boundaries: names of 2 and 128, RetentionDays 1 and 65536, 20 tags', async () => {
          expectSuccess(
            await call(target, params('d-healthy', { SnapshotName: 'ab', RetentionDays: '1', ...tags(20) })),
          );
          expectSuccess(
            await call(target, params('d-available', { SnapshotName: `a${'b'.repeat(127)}`, RetentionDays: '65536' })),
          );
        });

        it('checks parameters before the state of the disk', async () => {
          expectErr(
            await call(target, params('d-does-not-exist', { SnapshotName: 'a' })),
            'InvalidSnapshotName.Malformed',
          );
        });
      });

      describe('gateway', () => {
        it('refuses a method other than GET and POST', async () => {
          expectErr(
            await call(target, params(), { mutate: (r) => ({ ...r, method: 'PUT' as 'GET' }) }),
            'UnsupportedHTTPMethod',
          );
        });
        it('wants an Action and a Version, and knows only CreateSnapshot 2014-05-26', async () => {
          const drop = (name: string) => (r: { url: string }) => ({
            ...r,
            url: r.url.replace(new RegExp(`&?${name}=[^&]*`), ''),
          });
          expect(
            expectErr(
              await call(target, params(), { mutate: (r) => ({ ...r, ...drop('Action')(r) }) }),
              'MissingParameter',
            ).Message,
          ).toContain('"Action"');
          expect(
            expectErr(
              await call(target, params(), { mutate: (r) => ({ ...r, ...drop('Version')(r) }) }),
              'MissingParameter',
            ).Message,
          ).toContain('"Version"');
          expectErr(
            await call(target, params(), {
              mutate: (r) => ({ ...r, url: r.url.replace('Action=CreateSnapshot', 'Action=DeleteSnapshot') }),
            }),
            today ? 'InvalidAction.NotFound' : 'InvalidApi.NotFound',
          );
          expectErr(
            await call(target, params(), {
              signing: 'V3',
              mutate: (r) => ({ ...r, headers: { ...r.headers, 'x-acs-version': '2016-11-11' } }),
            }),
            today ? 'InvalidAction.NotFound' : 'InvalidApi.NotFound',
          );
        });
        it('refuses a Format that is neither JSON nor XML', async () => {
          const body = expectErr(
            await call(target, params(), {
              mutate: (r) => ({ ...r, url: r.url.replace('Format=JSON', 'Format=YAML') }),
            }),
            'InvalidParameter',
          );
          expect(body.Message).toContain('"Format"');
        });
        it('wants every V1 signature parameter', async () => {
          const answer = await call(target, params(), {
            mutate: (r) => ({ ...r, url: r.url.replace(/&Signature=[^&]*/, '') }),
          });
          expect(expectErr(answer, 'MissingParameter').Message).toContain('"Signature"');
        });
        it('refuses an incomplete V3 Authorization', async () => {
          expectErr(
            await call(target, params(), {
              signing: 'V3',
              mutate: (r) => ({ ...r, headers: { ...r.headers, authorization: 'ACS3-HMAC-SHA256 Credential=x' } }),
            }),
            'IncompleteSignature',
          );
          const unsignedDate = (r: { headers: Record<string, string> }) => ({
            ...r.headers,
            authorization: (r.headers.authorization ?? '').replace('x-acs-date;', ''),
          });
          expectErr(
            await call(target, params(), { signing: 'V3', mutate: (r) => ({ ...r, headers: unsignedDate(r) }) }),
            'IncompleteSignature',
          );
        });
        it('refuses an unknown signature method', async () => {
          expectErr(
            await call(target, params(), {
              mutate: (r) => ({ ...r, url: r.url.replace('SignatureMethod=HMAC-SHA1', 'SignatureMethod=MD5') }),
            }),
            'InvalidSignatureMethod',
          );
          expectErr(
            await call(target, params(), {
              signing: 'V3',
              mutate: (r) => ({
                ...r,
                headers: {
                  ...r.headers,
                  authorization: (r.headers.authorization ?? '').replace('ACS3-HMAC-SHA256', 'ACS3-HMAC-SM3'),
                },
              }),
            }),
            'InvalidSignatureMethod',
          );
        });
        it('refuses a malformed timestamp and one more than 15 minutes away', async () => {
          expectErr(
            await call(target, params(), {
              mutate: (r) => ({ ...r, url: r.url.replace(/Timestamp=[^&]*/, 'Timestamp=yesterday') }),
            }),
            'InvalidTimeStamp.Format',
          );
          expectErr(
            await call(target, params(), { date: new Date(Date.now() - 16 * 60_000) }),
            'InvalidTimeStamp.Expired',
          );
          expectErr(
            await call(target, params(), { signing: 'V3', date: new Date(Date.now() + 16 * 60_000) }),
            'InvalidTimeStamp.Expired',
          );
          expectSuccess(await call(target, params(), { date: new Date(Date.now() - 14 * 60_000) }));
        });
        it('refuses unknown, inactive and unauthorised access keys', async () => {
          expectErr(
            await call(target, params(), { credentials: { accessKeyId: 'LTAI-nobody', accessKeySecret: 'x' } }),
            today ? 'InvalidAccessKeyId' : 'InvalidAccessKeyId.NotFound',
          );
          expectErr(
            await call(target, params(), {
              signing: 'V3',
              credentials: { accessKeyId: INACTIVE_ACCESS_KEY_ID, accessKeySecret: DEFAULT_ACCESS_KEY_SECRET },
            }),
            'InvalidAccessKeyId.Inactive',
          );
          expectErr(
            await call(target, params(), {
              credentials: { accessKeyId: FORBIDDEN_ACCESS_KEY_ID, accessKeySecret: DEFAULT_ACCESS_KEY_SECRET },
            }),
            'Forbidden.RAM',
          );
          expectErr(
            await call(target, params(), {
              credentials: { accessKeyId: NO_ACTION_ACCESS_KEY_ID, accessKeySecret: DEFAULT_ACCESS_KEY_SECRET },
            }),
            today ? 'InvalidAction.Unauthorized' : 'Forbidden.RAM',
          );
        });
        it('takes SignatureType empty or BEARERTOKEN (signed, a common parameter) and refuses another', async () => {
          expectSuccess(await call(target, params('d-healthy', { SignatureType: '' })));
          expectSuccess(
            await call(target, params('d-available', { SignatureType: 'BEARERTOKEN', SecurityToken: 'sts-token' })),
          );
          const body = expectErr(await call(target, params('d-expired', { SignatureType: 'RSA' })), 'InvalidParameter');
          expect(body.Message).toContain('"SignatureType"');
        });
        it.each(SIGNINGS)('refuses a wrong signature (%s) and tells the server string to sign', async (signing) => {
          const body = expectErr(
            await call(target, params(), { signing, credentials: { ...credentials, accessKeySecret: 'wrong' } }),
            'SignatureDoesNotMatch',
          );
          expect(body.Message).toContain('server string to sign is:');
          expect((await target.control.requests()).at(-1)?.signature.verdict).toBe('invalid');
        });
        it('refuses a tampered parameter and a tampered V3 body hash', async () => {
          expectErr(
            await call(target, params(), { mutate: (r) => ({ ...r, url: r.url.replace('d-healthy', 'd-available') }) }),
            'SignatureDoesNotMatch',
          );
          expectErr(
            await call(target, params(), { signing: 'V3', mutate: (r) => ({ ...r, body: 'DiskId=d-available' }) }),
            'SignatureDoesNotMatch',
          );
        });
        it.each(SIGNINGS)('refuses a replayed nonce (%s)', async (signing) => {
          const request = await signed(target, params(), { signing });
          expectSuccess(await target.send(request));
          expectErr(await target.send(request), 'SignatureNonceUsed');
        });
      });

      describe('idempotency (ClientToken)', () => {
        it('answers a replay with the same SnapshotId and creates nothing', async () => {
          const first = expectSuccess(
            await call(target, params('d-healthy', { ClientToken: 'tok-1', SnapshotName: 'n1' })),
          );
          const again = expectSuccess(
            await call(target, params('d-healthy', { ClientToken: 'tok-1', SnapshotName: 'n1' }), { signing: 'V3' }),
          );
          expect(again).toBe(first);
          expect((await target.control.world()).snapshots?.filter((s) => s.diskId === 'd-healthy')).toHaveLength(2); // s-used-token + 1
        });
        it('refuses the same token with other parameters', async () => {
          expectSuccess(await call(target, params('d-healthy', { ClientToken: 'tok-2' })));
          expectErr(
            await call(target, params('d-healthy', { ClientToken: 'tok-2', SnapshotName: 'other' })),
            'IdempotentParameterMismatch',
          );
          expectErr(
            await call(target, params('d-available', { ClientToken: USED_CLIENT_TOKEN })),
            'IdempotentParameterMismatch',
          );
        });
        it('answers IdempotentProcessing while the first request with the token is being processed', async () => {
          expectErr(
            await call(target, params('d-healthy', { ClientToken: PROCESSING_CLIENT_TOKEN })),
            'IdempotentProcessing',
          );
          // The first request is held 800 ms: ample time for the second to arrive, even on a loaded CI machine.
          await target.control.setFaults([{ action: 'CreateSnapshot', delayMs: 800, times: 1 }]);
          const slow = call(target, params('d-healthy', { ClientToken: 'tok-3' }));
          await new Promise((r) => setTimeout(r, 50));
          expectErr(await call(target, params('d-healthy', { ClientToken: 'tok-3' })), 'IdempotentProcessing');
          const id = expectSuccess(await slow);
          expect(expectSuccess(await call(target, params('d-healthy', { ClientToken: 'tok-3' })))).toBe(id);
        });
        it('frees the token when the first request fails, so a corrected retry may use it', async () => {
          expectErr(
            await call(target, params('d-transferring', { ClientToken: 'tok-4' })),
            'IncorrectDiskStatus.Transferring',
          );
          expectErr(
            await call(target, params('d-transferring', { ClientToken: 'tok-4' })),
            'IncorrectDiskStatus.Transferring',
          );
        });
      });

      describe('faults', () => {
        const faultOnly = errorCatalogue.filter((e) => {
          const triggers = e.when.filter((t) => (t.editions as readonly string[]).includes(edition));
          return triggers.length > 0 && triggers.every((t) => t.stage === 'fault');
        });
        it.each(faultOnly.map((e) => [e.id, e] as const))('injects %s for the next N requests', async (id, entry) => {
          await target.control.setFaults([{ action: 'CreateSnapshot', code: id, times: 2 }]);
          const first = await call(target, params());
          expectErr(first, entry.id);
          // Throttled answers tell the client when to retry, as the darabonba openapi v2 SDK reads it.
          const limit = first.extraHeaders?.['x-ratelimit-user'];
          if (entry.code.startsWith('Throttling')) expect(limit).toMatch(/^Limit:\d+,Remain:0,TimeLeft:\d+,Reset:\d+$/);
          else expect(limit).toBeUndefined();
          expectErr(await call(target, params(), { signing: 'V3' }), entry.id);
          expectSuccess(await call(target, params()));
        });
        it('scopes a fault to a DiskId, and still checks the signature first', async () => {
          await target.control.setFaults([
            { action: 'CreateSnapshot', code: 'ServiceUnavailable', times: 1, diskId: 'd-available' },
          ]);
          expectSuccess(await call(target, params('d-healthy')));
          expectErr(
            await call(target, params('d-available'), { credentials: { ...credentials, accessKeySecret: 'bad' } }),
            'SignatureDoesNotMatch',
          );
          expectErr(await call(target, params('d-available')), 'ServiceUnavailable');
        });
        it('adds latency with delayMs alone', async () => {
          await target.control.setFaults([{ action: 'CreateSnapshot', delayMs: 200, times: 1 }]);
          const started = performance.now();
          expectSuccess(await call(target, params()));
          expect(performance.now() - started).toBeGreaterThanOrEqual(190);
        });
      });

      describe('lifecycle on the virtual clock', () => {
        it('progresses with disk size, accomplishes, then allows the next snapshot', async () => {
          const id = expectSuccess(await call(target, params()));
          expectErr(await call(target, params()), 'IncorrectDiskStatus.CreatingSnapshot');
          await target.control.advanceClock(70); // 60 s + 2 s/GiB × 40 GiB = 140 s in all
          const half = (await target.control.world()).snapshots?.find((s) => s.snapshotId === id);
          expect(half?.status).toBe('progressing');
          expect(half?.progress).toBeGreaterThanOrEqual(45);
          expect(half?.progress).toBeLessThanOrEqual(55);
          await target.control.advanceClock(70);
          expect((await target.control.world()).snapshots?.find((s) => s.snapshotId === id)).toMatchObject({
            status: 'accomplished',
            progress: 100,
          });
          expectSuccess(await call(target, params()));
        });
        it('releases a snapshot when its RetentionDays end', async () => {
          const id = expectSuccess(await call(target, params('d-healthy', { RetentionDays: '1' })));
          await target.control.advanceClock(86_399);
          expect((await target.control.world()).snapshots?.some((s) => s.snapshotId === id)).toBe(true);
          await target.control.advanceClock(2);
          expect((await target.control.world()).snapshots?.some((s) => s.snapshotId === id)).toBe(false);
        });
        it('deletes a snapshot still in progress with its expired disk at release time', async () => {
          const before = (await target.control.world()).snapshots?.length;
          const id = expectSuccess(await call(target, params('d-expiring')));
          await target.control.advanceClock(11 * 60);
          const world = await target.control.world();
          expect(world.disks?.some((d) => d.diskId === 'd-expiring')).toBe(false);
          expect(world.snapshots?.some((s) => s.snapshotId === id)).toBe(false);
          expect(world.snapshots?.length).toBe(before);
          expectErr(await call(target, params('d-expiring')), 'InvalidDiskId.NotFound');
        });
        it('counts manual snapshots only against the 256 quota', async () => {
          const world = await target.control.world();
          const snapshots = world.snapshots?.filter((s) => s.diskId === 'd-quota-full') ?? [];
          expect(snapshots.filter((s) => s.type === 'user')).toHaveLength(256);
          const oneUserLess = world.snapshots?.filter((s) => s.snapshotId !== 's-quota-full-001');
          await target.control.setWorld({ ...world, snapshots: oneUserLess });
          expectSuccess(await call(target, params('d-quota-full')));
          await target.control.advanceClock(3600);
          expectErr(await call(target, params('d-quota-full')), 'QuotaExceed.Snapshot');
        });
      });

      describe('World document', () => {
        it('refuses a bad document, naming the field, and changes nothing', async () => {
          const before = await target.control.world();
          await expect(target.control.setWorld({ disks: [{ diskId: 'd-1', status: 'Broken' }] })).rejects.toThrow(
            /disks\[0\]\.status/,
          );
          const after = await target.control.world();
          expect(after).toEqual({ ...before, now: after.now });
        });
        it('answers the edition a World document names, whatever the simulator was started with', async () => {
          const other = today ? 'older-zh-CN' : '2025-01-03';
          await target.control.setWorld({ ...(await target.control.world()), edition: other });
          const answer = await call(target, params('d-healthy', { RetentionDays: '0' }));
          expectError(answer, other === '2025-01-03' ? 'InvalidRetentionDays.Malformed' : 'InvalidParameter', other);
          await expect(target.control.setWorld({ edition: 'tomorrow' })).rejects.toThrow(/edition: must be one of/);
        });
        it('round-trips: what GET gives, PUT takes', async () => {
          const world = await target.control.world();
          await target.control.setWorld(world);
          const again = await target.control.world();
          expect({ ...again, now: world.now }).toEqual(world);
        });
      });
    },
  );

  describe(`coverage of the catalogue, edition ${edition}`, () => {
    it('every documented error of the edition was reached on every target, in that edition', () => {
      expect(seen.size).toBe(makers.length);
      for (const [name, { edition, saw }] of seen) {
        const all = errorCatalogue.filter((e) => inEdition(e, edition) !== undefined).map((e) => e.id);
        expect([...saw].sort(), name).toEqual(all.sort());
      }
    });
  });
}
