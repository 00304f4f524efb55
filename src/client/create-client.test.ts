/**
 * The client against the real simulator, in process: its fetch hands each Request to the protocol layer,
 * so signing, encoding and answer parsing are all checked by the same code that serves real SDKs.
 */
import { describe, expect, it } from 'vitest';
import { recordingFetch } from '../../test/support/recording-fetch.js';
import { findCatalogueEntry, renderMessage } from '../catalogue.js';
import { Simulator } from '../core/simulator.js';
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET } from '../core/world-document.js';
import { recommendUrl } from '../protocol/render.js';
import { type ClientOptions, type CreateSnapshotInput, createClient } from './index.js';

const credentials = { accessKeyId: DEFAULT_ACCESS_KEY_ID, accessKeySecret: DEFAULT_ACCESS_KEY_SECRET };

function setup(options: Partial<ClientOptions> = {}) {
  const sim = new Simulator({ wallClock: Date });
  const seen: Request[] = [];
  const client = createClient({
    endpoint: 'http://127.0.0.1:8080',
    credentials,
    fetch: recordingFetch(sim, seen),
    ...options,
  });
  return { sim, seen, client, last: () => sim.journal.list().at(-1) };
}

describe('success', () => {
  for (const signatureVersion of ['V1', 'V3'] as const) {
    for (const format of ['JSON', 'XML'] as const) {
      it(`${signatureVersion}, ${format}: returns the SnapshotId and RequestId the simulator answered`, async () => {
        const { client, last, sim } = setup({ signatureVersion, format });
        const result = await client.createSnapshot({ diskId: 'd-healthy' });
        const entry = last();
        expect(entry?.signature).toEqual({ version: signatureVersion, verdict: 'valid' });
        expect(result).toEqual({ ok: true, snapshotId: entry?.answer.snapshotId, requestId: entry?.answer.requestId });
        expect(sim.world().snapshots.some((s) => result.ok && s.snapshotId === result.snapshotId)).toBe(true);
      });
    }
  }

  it('V1 is a GET with everything in the query and no Host header set by hand', async () => {
    const { client, seen, last } = setup({ signatureVersion: 'V1', format: 'XML' });
    await client.createSnapshot({ diskId: 'd-healthy' });
    const request = seen[0] as Request;
    expect(request.method).toBe('GET');
    expect(request.headers.get('host')).toBeNull();
    const v1 = 'AccessKeyId Action Format Signature SignatureMethod SignatureNonce SignatureVersion Timestamp Version';
    expect(Object.keys(last()?.parameters ?? {}).sort()).toEqual([...v1.split(' '), 'ClientToken', 'DiskId'].sort());
    expect(last()?.parameters).toMatchObject({ Format: 'XML', SignatureMethod: 'HMAC-SHA1', SignatureVersion: '1.0' });
  });

  it('V3 is a POST /?<API parameters> with x-acs-* headers and Authorization, signed for the endpoint host', async () => {
    const { client, seen, last } = setup({ endpoint: 'https://ecs.cn-hangzhou.aliyuncs.com/' });
    await client.createSnapshot({ diskId: 'd-healthy' });
    const request = seen[0] as Request;
    expect(request.method).toBe('POST');
    expect(request.url).toMatch(/^https:\/\/ecs\.cn-hangzhou\.aliyuncs\.com\/\?/);
    expect(request.headers.get('host')).toBeNull();
    expect(request.headers.get('x-acs-action')).toBe('CreateSnapshot');
    expect(request.headers.get('x-acs-version')).toBe('2014-05-26');
    expect(request.headers.get('accept')).toBe('application/json');
    expect(request.headers.get('authorization')).toMatch(/^ACS3-HMAC-SHA256 Credential=LTAI5t.*SignedHeaders=host;/);
    expect(Object.keys(last()?.parameters ?? {}).sort()).toEqual(['ClientToken', 'DiskId']);
  });

  it('sends every optional parameter, and each lands on the snapshot', async () => {
    for (const signatureVersion of ['V1', 'V3'] as const) {
      const { client, sim, last } = setup({ signatureVersion });
      const input: CreateSnapshotInput = {
        diskId: 'd-available',
        snapshotName: '备份:nightly_01-a',
        description: 'before upgrade & <reboot> = 100% "ok"',
        retentionDays: 30,
        category: 'Flash',
        clientToken: 'ct-every-parameter',
        tags: [{ key: 'env', value: 'prod' }, { key: 'owner', value: '' }, { key: 'team' }],
        resourceGroupId: 'rg-aek2abc',
      };
      const result = await client.createSnapshot(input);
      expect(result.ok).toBe(true);
      expect(last()?.parameters).toMatchObject({
        'Tag.1.Key': 'env',
        'Tag.1.Value': 'prod',
        'Tag.2.Value': '',
        'Tag.3.Key': 'team',
        ClientToken: 'ct-every-parameter',
      });
      expect(last()?.parameters).not.toHaveProperty('Tag.3.Value');
      const snapshot = sim.world().snapshots.find((s) => result.ok && s.snapshotId === result.snapshotId);
      expect(snapshot).toMatchObject({
        diskId: 'd-available',
        name: input.snapshotName,
        description: input.description,
        retentionDays: 30,
        category: 'Flash',
        tags: [
          { key: 'env', value: 'prod' },
          { key: 'owner', value: '' },
          { key: 'team', value: '' },
        ],
        resourceGroupId: 'rg-aek2abc',
      });
    }
  });

  it('generates a ClientToken when none is given, with the injected generator', async () => {
    const { client, last } = setup({ clientToken: () => 'ct-generated-1' });
    await client.createSnapshot({ diskId: 'd-healthy' });
    expect(last()?.parameters.ClientToken).toBe('ct-generated-1');
    const byDefault = setup();
    await byDefault.client.createSnapshot({ diskId: 'd-healthy', clientToken: '' });
    expect(byDefault.last()?.parameters.ClientToken).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-/);
  });
});

describe('documented errors are values', () => {
  const cases: Array<[string, CreateSnapshotInput, string, number]> = [
    ['a disk at its snapshot quota', { diskId: 'd-quota-full' }, 'QuotaExceed.Snapshot', 403],
    ['an unknown disk', { diskId: 'd-does-not-exist' }, 'InvalidDiskId.NotFound', 404],
    ['a bad SnapshotName', { diskId: 'd-healthy', snapshotName: 'auto-1' }, 'InvalidSnapshotName.Malformed', 400],
    ['no DiskId at run time', {} as CreateSnapshotInput, 'MissingParameter', 400],
  ];
  for (const format of ['JSON', 'XML'] as const) {
    for (const [name, input, code, status] of cases) {
      it(`${format}: ${name} → ${status} ${code}, as the journal has it`, async () => {
        const { client, last } = setup({ format });
        const result = await client.createSnapshot(input);
        const entry = last();
        expect(entry?.answer).toMatchObject({ status, code });
        const requestId = entry?.answer.requestId as string;
        const catalogued = findCatalogueEntry(code);
        expect(result).toEqual({
          ok: false,
          error: {
            kind: 'api',
            code,
            httpStatus: status,
            message: catalogued && renderMessage(catalogued, code === 'MissingParameter' ? 'DiskId' : undefined),
            requestId,
            recommend: recommendUrl(code, requestId),
            hostId: '127.0.0.1:8080', // the host the request was sent to
            documented: true,
          },
        });
      });
    }
  }

  it('a gateway refusal (wrong secret) is a value too', async () => {
    const { client } = setup({ credentials: { ...credentials, accessKeySecret: 'wrong' } });
    const result = await client.createSnapshot({ diskId: 'd-healthy' });
    expect(result.ok === false && result.error).toMatchObject({ kind: 'api', code: 'SignatureDoesNotMatch' });
  });
});

describe('answers that are neither success nor error envelope', () => {
  it('a 200 with a garbage body is a protocol error carrying the body', async () => {
    const client = createClient({
      endpoint: 'https://ecs.aliyuncs.com',
      credentials,
      fetch: async () =>
        new Response('<html>gateway says hi', { status: 200, headers: { 'content-type': 'text/html' } }),
    });
    expect(await client.createSnapshot({ diskId: 'd-healthy' })).toEqual({
      ok: false,
      error: { kind: 'protocol', httpStatus: 200, message: expect.any(String), body: '<html>gateway says hi' },
    });
  });
});
