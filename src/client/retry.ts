/**
 * When to try again, and how long to wait first. Retrying is safe for CreateSnapshot only because every
 * attempt carries the same ClientToken: a request that did reach the service is answered with the same
 * SnapshotId instead of creating a second snapshot.
 */
import type { CreateSnapshotError, RetryOptions } from './types.js';

export interface RetryPolicy {
  /** Total attempts, the first one included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_BASE_DELAY_MS = 200;
export const DEFAULT_MAX_DELAY_MS = 5000;

/** The policy, or the problems with the options (each naming the field). */
export function retryPolicy(options: RetryOptions | undefined): { policy: RetryPolicy; problems: string[] } {
  if (options === undefined) return { policy: { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 }, problems: [] };
  const policy: RetryPolicy = {
    attempts: options.attempts,
    baseDelayMs: options.baseDelayMs ?? DEFAULT_BASE_DELAY_MS,
    maxDelayMs: options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS,
  };
  const problems: string[] = [];
  if (!Number.isInteger(policy.attempts) || policy.attempts < 1) {
    problems.push(`retry.attempts: must be an integer of at least 1 (got ${String(options.attempts)})`);
  }
  for (const name of ['baseDelayMs', 'maxDelayMs'] as const) {
    const value = policy[name];
    if (!(Number.isFinite(value) && value >= 0)) {
      problems.push(`retry.${name}: must be a finite number of milliseconds, 0 or more (got ${String(value)})`);
    }
  }
  return { policy, problems };
}

/**
 * Transient failures only: 5xx (InternalError, ServiceUnavailable, a failing proxy), throttling (which the
 * API answers with 400, hence the check on the code) and network errors. Any other 4xx would fail the same
 * way again.
 */
export function isRetryable(error: CreateSnapshotError): boolean {
  if (error.kind === 'network') return true;
  if (error.httpStatus >= 500) return true;
  return error.kind === 'api' && error.code.includes('Throttling');
}

/**
 * "Full jitter" exponential backoff: a uniform draw below min(max, base * 2^(retry - 1)). Spreading the
 * retries of many clients over the whole window keeps them from hitting a throttled service in lockstep.
 * `retry` is 1 before the first retry.
 */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.floor(random() * cap);
}
