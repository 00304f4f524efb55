/**
 * The behaviour suite's gateway: what is refused before the action runs. HTTP method, Action and Version,
 * Format, both signature versions (missing parts, method, timestamp, access keys, a wrong or tampered
 * signature, a replayed nonce).
 */
import { describe, expect, it } from 'vitest';
import {
  FORBIDDEN_ACCESS_KEY_ID,
  INACTIVE_ACCESS_KEY_ID,
  NO_ACTION_ACCESS_KEY_ID,
} from '../../../src/core/default-world.js';
import { DEFAULT_ACCESS_KEY_SECRET } from '../../../src/core/world-document.js';
import { call, credentials, expectSuccess, SIGNINGS, signed } from '../../support/call.js';
import { type Cases, params } from './context.js';

/** The gateway's refusals, each as this edition words it, with V1 and V3 signatures. */
export function gatewayCases(ctx: Cases): void {
  const { today, expectErr } = ctx;
  describe('gateway', () => {
    it('refuses a method other than GET and POST', async () => {
      expectErr(
        await call(ctx.target, params(), { mutate: (r) => ({ ...r, method: 'PUT' as 'GET' }) }),
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
          await call(ctx.target, params(), { mutate: (r) => ({ ...r, ...drop('Action')(r) }) }),
          'MissingParameter',
        ).Message,
      ).toContain('"Action"');
      expect(
        expectErr(
          await call(ctx.target, params(), { mutate: (r) => ({ ...r, ...drop('Version')(r) }) }),
          'MissingParameter',
        ).Message,
      ).toContain('"Version"');
      expectErr(
        await call(ctx.target, params(), {
          mutate: (r) => ({ ...r, url: r.url.replace('Action=CreateSnapshot', 'Action=DeleteSnapshot') }),
        }),
        today ? 'InvalidAction.NotFound' : 'InvalidApi.NotFound',
      );
      expectErr(
        await call(ctx.target, params(), {
          signing: 'V3',
          mutate: (r) => ({ ...r, headers: { ...r.headers, 'x-acs-version': '2016-11-11' } }),
        }),
        today ? 'InvalidAction.NotFound' : 'InvalidApi.NotFound',
      );
    });
    it('refuses a Format that is neither JSON nor XML', async () => {
      const body = expectErr(
        await call(ctx.target, params(), {
          mutate: (r) => ({ ...r, url: r.url.replace('Format=JSON', 'Format=YAML') }),
        }),
        'InvalidParameter',
      );
      expect(body.Message).toContain('"Format"');
    });
    it('wants every V1 signature parameter', async () => {
      const answer = await call(ctx.target, params(), {
        mutate: (r) => ({ ...r, url: r.url.replace(/&Signature=[^&]*/, '') }),
      });
      expect(expectErr(answer, 'MissingParameter').Message).toContain('"Signature"');
    });
    it('refuses an incomplete V3 Authorization', async () => {
      expectErr(
        await call(ctx.target, params(), {
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
        await call(ctx.target, params(), { signing: 'V3', mutate: (r) => ({ ...r, headers: unsignedDate(r) }) }),
        'IncompleteSignature',
      );
    });
    it('refuses an unknown signature method', async () => {
      expectErr(
        await call(ctx.target, params(), {
          mutate: (r) => ({ ...r, url: r.url.replace('SignatureMethod=HMAC-SHA1', 'SignatureMethod=MD5') }),
        }),
        'InvalidSignatureMethod',
      );
      expectErr(
        await call(ctx.target, params(), {
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
        await call(ctx.target, params(), {
          mutate: (r) => ({ ...r, url: r.url.replace(/Timestamp=[^&]*/, 'Timestamp=yesterday') }),
        }),
        'InvalidTimeStamp.Format',
      );
      expectErr(
        await call(ctx.target, params(), { date: new Date(Date.now() - 16 * 60_000) }),
        'InvalidTimeStamp.Expired',
      );
      expectErr(
        await call(ctx.target, params(), { signing: 'V3', date: new Date(Date.now() + 16 * 60_000) }),
        'InvalidTimeStamp.Expired',
      );
      expectSuccess(await call(ctx.target, params(), { date: new Date(Date.now() - 14 * 60_000) }));
    });
    it('refuses unknown, inactive and unauthorised access keys', async () => {
      expectErr(
        await call(ctx.target, params(), { credentials: { accessKeyId: 'LTAI-nobody', accessKeySecret: 'x' } }),
        today ? 'InvalidAccessKeyId' : 'InvalidAccessKeyId.NotFound',
      );
      expectErr(
        await call(ctx.target, params(), {
          signing: 'V3',
          credentials: { accessKeyId: INACTIVE_ACCESS_KEY_ID, accessKeySecret: DEFAULT_ACCESS_KEY_SECRET },
        }),
        'InvalidAccessKeyId.Inactive',
      );
      expectErr(
        await call(ctx.target, params(), {
          credentials: { accessKeyId: FORBIDDEN_ACCESS_KEY_ID, accessKeySecret: DEFAULT_ACCESS_KEY_SECRET },
        }),
        'Forbidden.RAM',
      );
      expectErr(
        await call(ctx.target, params(), {
          credentials: { accessKeyId: NO_ACTION_ACCESS_KEY_ID, accessKeySecret: DEFAULT_ACCESS_KEY_SECRET },
        }),
        today ? 'InvalidAction.Unauthorized' : 'Forbidden.RAM',
      );
    });
    it('takes SignatureType empty or BEARERTOKEN (signed, a common parameter) and refuses another', async () => {
      expectSuccess(await call(ctx.target, params('d-healthy', { SignatureType: '' })));
      expectSuccess(
        await call(ctx.target, params('d-available', { SignatureType: 'BEARERTOKEN', SecurityToken: 'sts-token' })),
      );
      const body = expectErr(await call(ctx.target, params('d-expired', { SignatureType: 'RSA' })), 'InvalidParameter');
      expect(body.Message).toContain('"SignatureType"');
    });
    it.each(SIGNINGS)('refuses a wrong signature (%s) and tells the server string to sign', async (signing) => {
      const body = expectErr(
        await call(ctx.target, params(), { signing, credentials: { ...credentials, accessKeySecret: 'wrong' } }),
        'SignatureDoesNotMatch',
      );
      expect(body.Message).toContain('server string to sign is:');
      expect((await ctx.target.control.requests()).at(-1)?.signature.verdict).toBe('invalid');
    });
    it('refuses a tampered parameter and a tampered V3 body hash', async () => {
      expectErr(
        await call(ctx.target, params(), { mutate: (r) => ({ ...r, url: r.url.replace('d-healthy', 'd-available') }) }),
        'SignatureDoesNotMatch',
      );
      expectErr(
        await call(ctx.target, params(), { signing: 'V3', mutate: (r) => ({ ...r, body: 'DiskId=d-available' }) }),
        'SignatureDoesNotMatch',
      );
    });
    it.each(SIGNINGS)('refuses a replayed nonce (%s)', async (signing) => {
      const request = await signed(ctx.target, params(), { signing });
      expectSuccess(await ctx.target.send(request));
      expectErr(await ctx.target.send(request), 'SignatureNonceUsed');
    });
  });
}
