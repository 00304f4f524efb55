/**
 * Retries against the real simulator, with injected faults: what is retried, what is not, and that every
 * attempt is the same request to the service (one ClientToken) but a new signature (fresh nonce).
 */
import { describe, expect, it } from 'vitest';
import { recordingFetch } from '../../test/support/recording-fetch.js';
import type { FaultRule } from '../core/faults.js';
import { Simulator } from '../core/simulator.js';
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET } from '../core/world-document.js';
import { type ClientOptions, createClient } from './index.js';

const credentials = { accessKeyId: DEFAULT_ACCESS_KEY_ID, accessKeySecret: DEFAULT_ACCESS_KEY_SECRET };

function setup(options: Partial<ClientOptions> & { faults?: FaultRule[] } = {}) {
  const { faults = [], ...clientOptions } = options;
  const sim = new Simulator({ wallClock: Date });
  sim.faults.set(faults);
  const seen: Request[] = [];
  const delays: number[] = [];
  const client = createClient({
    endpoint: 'http://127.0.0.1:8080',
    credentials,
    fetch: recordingFetch(sim, seen),
    retry: { attempts: 3 },
    sleep: async (ms) => void delays.push(ms),
    random: () => 0.999,
    ...clientOptions,
  });
  return { sim, seen, delays, client, journal: () => sim.journal.list() };
}

const fault = (code: string, times: number): FaultRule => ({ action: 'CreateSnapshot', code, times });

describe('retried', () => {
  it('ServiceUnavailable twice, then success: 3 attempts, one ClientToken, three nonces (V1)', async () => {
    const { client, journal, delays } = setup({ signatureVersion: 'V1', faults: [fault('ServiceUnavailable', 2)] });
    const result = await client.createSnapshot({ diskId: 'd-healthy' });
    expect(result.ok).toBe(true);
    const entries = journal();
    expect(entries.map((e) => e.answer.status)).toEqual([503, 503, 200]);
    expect(new Set(entries.map((e) => e.parameters.ClientToken)).size).toBe(1);
    expect(entries[0]?.parameters.ClientToken).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(entries.map((e) => e.parameters.SignatureNonce)).size).toBe(3);
    expect(new Set(entries.map((e) => e.parameters.Signature)).size).toBe(3);
    // Full jitter below 200 ms, then below 400 ms (random() = 0.999).
    expect(delays).toEqual([199, 399]);
  });

  it("the same over V3: fresh x-acs-signature-nonce per attempt, the caller's ClientToken kept", async () => {
    const { client, journal, seen } = setup({ faults: [fault('ServiceUnavailable', 2)] });
    const result = await client.createSnapshot({ diskId: 'd-healthy', clientToken: 'ct-caller-1' });
    expect(result.ok).toBe(true);
    expect(journal().map((e) => e.parameters.ClientToken)).toEqual(['ct-caller-1', 'ct-caller-1', 'ct-caller-1']);
    expect(new Set(seen.map((r) => r.headers.get('x-acs-signature-nonce'))).size).toBe(3);
  });

  it('InternalError (500) and Throttling (400) are retried', async () => {
    for (const code of ['InternalError', 'Throttling', 'Throttling.User']) {
      const { client, journal, delays } = setup({ faults: [fault(code, 1)] });
      expect((await client.createSnapshot({ diskId: 'd-healthy' })).ok).toBe(true);
      expect(journal().map((e) => e.answer.code ?? 'ok')).toEqual([code, 'ok']);
      expect(delays).toHaveLength(1);
    }
  });

  it('when attempts run out, the last error is returned', async () => {
    const { client, journal, delays } = setup({ faults: [fault('ServiceUnavailable', 5)] });
    const result = await client.createSnapshot({ diskId: 'd-healthy' });
    expect(result.ok === false && result.error).toMatchObject({
      kind: 'api',
      code: 'ServiceUnavailable',
      httpStatus: 503,
    });
    expect(result.ok === false && result.error.kind === 'api' && result.error.requestId).toBe(
      journal().at(-1)?.answer.requestId,
    );
    expect(journal()).toHaveLength(3);
    expect(delays).toHaveLength(2);
  });

  it('backoff is capped at maxDelayMs', async () => {
    const { client, delays } = setup({
      retry: { attempts: 6, baseDelayMs: 100, maxDelayMs: 300 },
      random: () => 0.5,
      faults: [fault('ServiceUnavailable', 5)],
    });
    await client.createSnapshot({ diskId: 'd-healthy' });
    expect(delays).toEqual([50, 100, 150, 150, 150]);
  });
});

describe('not retried', () => {
  it('QuotaExceed.Snapshot (a documented 403) is answered once', async () => {
    const { client, journal, delays } = setup({ retry: { attempts: 5 } });
    const result = await client.createSnapshot({ diskId: 'd-quota-full' });
    expect(result.ok === false && result.error).toMatchObject({ code: 'QuotaExceed.Snapshot', httpStatus: 403 });
    expect(journal()).toHaveLength(1);
    expect(delays).toEqual([]);
  });

  it('nothing is retried without the retry option', async () => {
    const sim = new Simulator({ wallClock: Date });
    sim.faults.set([fault('ServiceUnavailable', 1)]);
    const delays: number[] = [];
    const client = createClient({
      endpoint: 'http://127.0.0.1:8080',
      credentials,
      fetch: recordingFetch(sim, []),
      sleep: async (ms) => void delays.push(ms),
    });
    const result = await client.createSnapshot({ diskId: 'd-healthy' });
    expect(result.ok === false && result.error).toMatchObject({ code: 'ServiceUnavailable' });
    expect(sim.journal.list()).toHaveLength(1);
    expect(delays).toEqual([]);
  });
});

describe('network errors', () => {
  it('a fetch that always rejects is retried, then returned as kind "network"', async () => {
    const cause = new TypeError('fetch failed');
    let calls = 0;
    const { client, delays } = setup({
      fetch: async () => {
        calls++;
        throw cause;
      },
    });
    const result = await client.createSnapshot({ diskId: 'd-healthy' });
    expect(result).toEqual({ ok: false, error: { kind: 'network', message: 'fetch failed', cause } });
    expect(calls).toBe(3);
    expect(delays).toHaveLength(2);
  });

  it('an answer lost on the way back: the retry gets the same snapshot, not a second one', async () => {
    const sim = new Simulator({ wallClock: Date });
    const seen: Request[] = [];
    const served = recordingFetch(sim, seen);
    const before = sim.world().snapshots.length;
    const client = createClient({
      endpoint: 'http://127.0.0.1:8080',
      credentials,
      retry: { attempts: 2 },
      sleep: async () => {},
      // The first request reaches the service, but its answer never arrives.
      fetch: async (input, init) => {
        const response = await served(input, init);
        if (seen.length === 1) throw new TypeError('socket hang up');
        return response;
      },
    });
    const result = await client.createSnapshot({ diskId: 'd-healthy' });
    const journal = sim.journal.list();
    expect(journal.map((e) => e.answer.status)).toEqual([200, 200]);
    expect(result).toMatchObject({ ok: true, snapshotId: journal[0]?.answer.snapshotId });
    expect(sim.world().snapshots.length).toBe(before + 1);
  });

  it('a 502 page from a proxy (a protocol error with a 5xx status) is retried', async () => {
    const sim = new Simulator({ wallClock: Date });
    const served = recordingFetch(sim, []);
    let calls = 0;
    const client = createClient({
      endpoint: 'http://127.0.0.1:8080',
      credentials,
      retry: { attempts: 2 },
      sleep: async () => {},
      fetch: async (input, init) =>
        ++calls === 1 ? new Response('<html>Bad Gateway</html>', { status: 502 }) : served(input, init),
    });
    expect((await client.createSnapshot({ diskId: 'd-healthy' })).ok).toBe(true);
    expect(calls).toBe(2);
  });
});
