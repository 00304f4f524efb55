import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_BASE_DELAY_MS, DEFAULT_MAX_DELAY_MS, isRetryable, retryPolicy } from './retry.js';
import type { CreateSnapshotError } from './types.js';

const api = (code: string, httpStatus: number): CreateSnapshotError => ({
  kind: 'api',
  code,
  httpStatus,
  message: '',
  requestId: '',
  recommend: '',
  hostId: '',
  documented: true,
});

describe('isRetryable', () => {
  it('retries 5xx, Throttling* and network errors only', () => {
    expect(isRetryable(api('ServiceUnavailable', 503))).toBe(true);
    expect(isRetryable(api('InternalError', 500))).toBe(true);
    expect(isRetryable(api('Throttling', 400))).toBe(true);
    expect(isRetryable(api('Throttling.Api', 400))).toBe(true);
    expect(isRetryable({ kind: 'network', message: 'x', cause: null })).toBe(true);
    expect(isRetryable({ kind: 'protocol', httpStatus: 502, message: '', body: '' })).toBe(true);
    expect(isRetryable({ kind: 'protocol', httpStatus: 200, message: '', body: '' })).toBe(false);
    expect(isRetryable(api('QuotaExceed.Snapshot', 403))).toBe(false);
    expect(isRetryable(api('IdempotentParameterMismatch', 403))).toBe(false);
    expect(isRetryable(api('InvalidDiskId.NotFound', 404))).toBe(false);
  });
});

describe('backoffDelay', () => {
  const policy = { attempts: 10, baseDelayMs: 100, maxDelayMs: 1000 };

  it('draws below base * 2^(retry - 1), capped at maxDelayMs (full jitter)', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, policy, () => 0.999))).toEqual([99, 199, 399, 799, 999, 999]);
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(200);
    expect(backoffDelay(5000, policy, () => 0.5)).toBe(500); // 2^4999 overflows to Infinity, the cap holds
  });
});

describe('retryPolicy', () => {
  it('is one attempt without options, and fills the delay defaults', () => {
    expect(retryPolicy(undefined)).toEqual({ policy: { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 }, problems: [] });
    expect(retryPolicy({ attempts: 3 }).policy).toEqual({
      attempts: 3,
      baseDelayMs: DEFAULT_BASE_DELAY_MS,
      maxDelayMs: DEFAULT_MAX_DELAY_MS,
    });
  });

  it('names every bad field', () => {
    const { problems } = retryPolicy({ attempts: 1.5, baseDelayMs: Number.NaN, maxDelayMs: -1 });
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/retry\.attempts[\s\S]*retry\.baseDelayMs[\s\S]*retry\.maxDelayMs/);
  });
});
