/**
 * The control plane of a simulator server over HTTP, for one world: what a test file uses when the server runs
 * elsewhere (a vitest/jest global setup, `ecs-conformance serve`). With an AccessKeyId of the test-key pattern it
 * acts on that key's world only (core/tenants.ts), so parallel test files do not disturb each other.
 */
import type { FaultRule } from '../core/faults.js';
import type { JournalEntry } from '../core/journal.js';
import type { WorldDocument } from '../core/world-document.js';
import { CONTROL_KEY_PARAMETER } from '../protocol/control-world.js';

/** A control call refused by the server (400): the message lists every problem, naming the field. */
export class ControlRequestError extends Error {
  override name = 'ControlRequestError';
  constructor(
    readonly status: number,
    readonly errors: string[],
  ) {
    super(errors.join('\n'));
  }
}

export function remoteControls(url: string, accessKeyId?: string) {
  const base = url.replace(/\/$/, '');
  const query = accessKeyId === undefined ? '' : `?${CONTROL_KEY_PARAMETER}=${encodeURIComponent(accessKeyId)}`;
  const call = async <T>(method: string, name: string, body?: unknown): Promise<T> => {
    // A change must say it is JSON (the control plane refuses what a cross-site form could send), body or not.
    const response = await fetch(`${base}/_sim/${name}${query}`, {
      method,
      ...(method === 'GET' ? {} : { headers: { 'content-type': 'application/json' } }),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const value = (await response.json()) as T & { error?: string; errors?: string[] };
    if (!response.ok) throw new ControlRequestError(response.status, value.errors ?? [String(value.error)]);
    return value;
  };
  return {
    reset: () => call<{ now: string }>('POST', 'reset'),
    world: () => call<WorldDocument>('GET', 'world'),
    setWorld: (document: unknown) => call<WorldDocument>('PUT', 'world', document),
    advanceClock: (seconds: number) => call<{ now: string }>('POST', 'clock', { advanceSeconds: seconds }),
    setNow: (iso: string) => call<{ now: string }>('POST', 'clock', { now: iso }),
    setFaults: async (rules: unknown[]) => (await call<{ rules: FaultRule[] }>('PUT', 'faults', { rules })).rules,
    faults: async () => (await call<{ rules: FaultRule[] }>('GET', 'faults')).rules,
    requests: async () => (await call<{ requests: JournalEntry[] }>('GET', 'requests')).requests,
    clearRequests: () => call<{ cleared: number }>('DELETE', 'requests'),
  };
}

export type RemoteControls = ReturnType<typeof remoteControls>;
