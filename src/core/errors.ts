import type { ErrorId } from '../catalogue.js';

/** A documented error, as a value: the catalogue row and, for templated messages, the parameter named. */
export interface SimError {
  id: ErrorId;
  parameterName?: string;
  /** The values of the message's `%s`, in order (QuotaExceed.ConcurrentSnapshotQuota: the DiskId and the quota). */
  args?: string[];
  /** The catalogue check that decided, when several checks give the same error (the journal's reason names it). */
  check?: string;
}

export type Result<T> = ({ ok: true } & T) | { ok: false; error: SimError };

export const fail = (id: ErrorId, parameterName?: string): { ok: false; error: SimError } => ({
  ok: false,
  error: parameterName === undefined ? { id } : { id, parameterName },
});
