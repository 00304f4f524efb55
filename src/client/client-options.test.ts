import { afterEach, describe, expect, it, vi } from 'vitest';
import { type ClientOptions, createClient, InvalidClientOptions } from './index.js';

const credentials = { accessKeyId: 'LTAI5tExample', accessKeySecret: 'secret' };
const ok = () =>
  new Response('{"RequestId":"R","SnapshotId":"s-1"}', { headers: { 'content-type': 'application/json' } });

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('programmer mistakes throw InvalidClientOptions at createClient', () => {
  const bad: Array<[string, Partial<ClientOptions>]> = [
    ['an endpoint that is not a URL', { endpoint: 'ecs.aliyuncs.com' }],
    ['an endpoint with a path', { endpoint: 'https://ecs.aliyuncs.com/api' }],
    ['an endpoint with a query', { endpoint: 'https://ecs.aliyuncs.com/?a=1' }],
    ['an ftp endpoint', { endpoint: 'ftp://ecs.aliyuncs.com' }],
    ['no secret', { credentials: { accessKeyId: 'LTAI5t', accessKeySecret: '' } }],
    ['zero attempts', { retry: { attempts: 0 } }],
    ['a negative delay', { retry: { attempts: 2, maxDelayMs: -1 } }],
    ['an unknown signature version', { signatureVersion: 'V2' as 'V3' }],
    ['an unknown format', { format: 'YAML' as 'JSON' }],
  ];
  for (const [name, options] of bad) {
    it(name, () => {
      expect(() => createClient({ endpoint: 'https://ecs.aliyuncs.com', credentials, ...options })).toThrow(
        InvalidClientOptions,
      );
    });
  }

  it('lists every problem at once', () => {
    try {
      createClient({ endpoint: 'nope', credentials: { accessKeyId: '', accessKeySecret: '' } });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidClientOptions);
      expect((e as InvalidClientOptions).name).toBe('InvalidClientOptions');
      expect((e as InvalidClientOptions).problems).toHaveLength(3);
    }
  });
});

describe('defaults', () => {
  it('looks globalThis.fetch up at each call, so a fetch installed later (MSW) is used', async () => {
    const client = createClient({ endpoint: 'https://ecs.aliyuncs.com', credentials });
    const fetch = vi.fn(async (_input: string | URL | Request, _init?: RequestInit) => ok());
    vi.stubGlobal('fetch', fetch);
    expect(await client.createSnapshot({ diskId: 'd-1' })).toEqual({ ok: true, snapshotId: 's-1', requestId: 'R' });
    expect(String(fetch.mock.calls[0]?.[0])).toMatch(/^https:\/\/ecs\.aliyuncs\.com\/\?/);
  });

  it('signs with now() and nonce() once per attempt', async () => {
    let nonces = 0;
    let nows = 0;
    const fetch = vi.fn(async (_input: string | URL | Request, _init?: RequestInit) => ok());
    const client = createClient({
      endpoint: 'https://ecs.aliyuncs.com',
      credentials,
      fetch,
      nonce: () => `nonce-${++nonces}`,
      now: () => new Date(Date.UTC(2026, 0, 2, 3, 4, 5 + nows++)),
    });
    await client.createSnapshot({ diskId: 'd-1' });
    const headers = new Headers(fetch.mock.calls[0]?.[1]?.headers);
    expect(headers.get('x-acs-signature-nonce')).toBe('nonce-1');
    expect(headers.get('x-acs-date')).toBe('2026-01-02T03:04:05Z');
    expect([nonces, nows]).toEqual([1, 1]);
  });
});
