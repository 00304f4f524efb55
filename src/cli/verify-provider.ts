/**
 * What `verify` does to the provider around the suite: checks it can be reached at all (one clear failure
 * instead of one "fetch failed" per case), and, for a provider that serves the simulator's control plane,
 * keeps its world to put it back afterwards: provider states replace the world.
 */
import { CONTROL_KEY_PARAMETER } from '../protocol/control-world.js';

/** Why the URL cannot be reached (connection refused, no such host, timeout), or undefined: any HTTP answer will do. */
async function reach(url: string, timeoutMs: number): Promise<string | undefined> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    return undefined;
  } catch (error) {
    const e = error as Error & { cause?: { code?: string; message?: string } };
    if (e.name === 'TimeoutError') return `no answer within ${timeoutMs} ms (--timeout)`;
    if (e.cause?.message === 'bad port')
      return `port ${new URL(url).port} is one that fetch refuses to connect to (a "bad port" of the Fetch standard): serve it on another port`;
    return e.cause?.code ?? e.cause?.message ?? e.message;
  }
}

export async function unreachable(
  providerUrl: string,
  stateChangeUrl: string | undefined,
  timeoutMs: number,
): Promise<string | undefined> {
  const provider = await reach(providerUrl, timeoutMs);
  if (provider)
    return `cannot reach the provider at ${providerUrl} (${provider}): is it running, and listening on that host and port? No case was run.`;
  if (stateChangeUrl && new URL(stateChangeUrl).origin !== new URL(providerUrl).origin) {
    const states = await reach(stateChangeUrl, timeoutMs);
    if (states) return `cannot reach the state-change URL ${stateChangeUrl} (${states}). No case was run.`;
  }
  return undefined;
}

/** A control URL of the simulator in the world of a test key (`?accessKeyId=KEY`, unless the URL names one). */
export function inWorldOf(url: string, worldKey: string | undefined): string {
  if (worldKey === undefined) return url;
  const parsed = new URL(url);
  if (!parsed.searchParams.has(CONTROL_KEY_PARAMETER)) parsed.searchParams.set(CONTROL_KEY_PARAMETER, worldKey);
  return parsed.toString();
}

/**
 * The simulator's world as verify found it, and how to put it back; undefined for a provider without
 * /_sim/world. With a test key, the world of that key.
 */
export async function providerWorld(
  providerUrl: string,
  timeoutMs: number,
  worldKey?: string,
): Promise<{ restore(): Promise<string> } | undefined> {
  const url = inWorldOf(`${providerUrl}/_sim/world`, worldKey);
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    const text = await response.text();
    const document = JSON.parse(text) as { disks?: unknown };
    if (!response.ok || !Array.isArray(document.disks)) return undefined;
    return {
      async restore() {
        try {
          const put = await fetch(url, {
            method: 'PUT',
            headers: { 'content-type': 'application/json' },
            body: text,
            signal: AbortSignal.timeout(timeoutMs),
          });
          // Read to the end either way: an unread body keeps the connection, and verify, waiting.
          const answer = await put.text();
          return put.ok
            ? "the provider's world is back as verify found it (PUT /_sim/world); its clock only moves forward"
            : `note: could not put the provider's world back: PUT /_sim/world answered ${put.status} ${answer}`;
        } catch (error) {
          return `note: could not put the provider's world back: ${(error as Error).message}`;
        }
      },
    };
  } catch {
    return undefined;
  }
}
