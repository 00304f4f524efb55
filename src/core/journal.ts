/** The journal of recent requests (`GET /_sim/requests`): what was sent, how it was judged, what was answered. */

export interface JournalEntry {
  time: string;
  method: string;
  action: string | null;
  /** Every parameter, query and form body together, as decoded (of the first journalBytesPerRequest characters). */
  parameters: Record<string, string>;
  /** The query and form body were longer than x-assumptions.limits.journalBytesPerRequest: parameters are cut short. */
  truncated?: true;
  signature: { version: 'V1' | 'V3' | null; verdict: 'valid' | 'invalid' | 'not-checked' };
  answer: { status: number; requestId: string; code?: string; snapshotId?: string };
  /** Why a request was refused: the catalogue check that decided and its condition, naming the World field. */
  reason?: string;
  /** A request the HTTP layer could not read: which part, why, and what had arrived of it (bounded). */
  refused?: RefusedRequest;
}

export interface RefusedRequest {
  /** As the InvalidParameter answer names it: 'URL', 'headers' or 'request body'. */
  what: string;
  /** The parser's reason (llhttp's code, such as HPE_INVALID_HEADER_TOKEN) or the rule applied. */
  reason: string;
  /** The request target, when the request line was read; at most 256 characters. */
  target?: string;
  /** The bytes where reading stopped (latin1); at most 256 characters. */
  near?: string;
}

/**
 * As stored, flat, and with the work left for when someone reads the journal: it is written on every request
 * and kept for the next `capacity` requests, long enough under load for the garbage collector to move it
 * to the old generation. So the time stays a number and the parameters stay undecoded until then.
 */
export interface JournalRecord {
  at: number;
  method: string;
  action: string | null;
  /** Decodes the request's parameters, when the journal is read. */
  parameters: () => Record<string, string>;
  truncated?: true;
  version: JournalEntry['signature']['version'];
  verdict: JournalEntry['signature']['verdict'];
  status: number;
  requestId: string;
  code: string | undefined;
  snapshotId: string | undefined;
  /** See {@link JournalEntry.reason}; undefined for a success. */
  reason: string | undefined;
  /** The DiskId parameter, decoded already (the request log prints it without decoding every parameter). */
  diskId: string | undefined;
  /** The AccessKeyId the request claimed (the V1 parameter, the V3 Credential), for the request log. */
  accessKeyId: string | undefined;
  refused?: RefusedRequest;
}

function entryOf(r: JournalRecord): JournalEntry {
  return {
    time: new Date(r.at).toISOString(),
    method: r.method,
    action: r.action,
    parameters: r.parameters(),
    ...(r.truncated === undefined ? {} : { truncated: r.truncated }),
    signature: { version: r.version, verdict: r.verdict },
    answer: {
      status: r.status,
      requestId: r.requestId,
      ...(r.code === undefined ? {} : { code: r.code }),
      ...(r.snapshotId === undefined ? {} : { snapshotId: r.snapshotId }),
    },
    ...(r.reason === undefined ? {} : { reason: r.reason }),
    ...(r.refused === undefined ? {} : { refused: r.refused }),
  };
}

/**
 * The last `capacity` requests (200 by default). Under a benchmark's load a longer journal lives long enough
 * for every record to be moved to the old generation, which cost a tenth of the throughput and, in a world of a
 * million snapshots, most of the p99; 200 requests are plenty to see what a client just did.
 */
export class Journal {
  readonly #entries: JournalRecord[] = [];
  #next = 0;
  #added = 0;

  /** Told of every record as it is added (serve --log prints a line per request from it). */
  onAdd: ((record: JournalRecord) => void) | undefined;

  constructor(readonly capacity = 200) {}

  add(entry: JournalRecord): void {
    if (this.#entries.length < this.capacity) this.#entries.push(entry);
    else this.#entries[this.#next] = entry;
    this.#next = (this.#next + 1) % this.capacity;
    this.#added++;
    this.onAdd?.(entry);
  }

  /** How many requests were ever added (clear() does not count back): a mark for {@link since}. */
  get added(): number {
    return this.#added;
  }

  /** Oldest first; the newest `limit` only, when given. */
  list(limit = this.capacity): JournalEntry[] {
    return this.since(Math.max(0, this.#added - limit));
  }

  /** The entries added after the mark `added` (as read from {@link added} before), those still kept; oldest first. */
  since(added: number): JournalEntry[] {
    const ordered =
      this.#entries.length < this.capacity
        ? this.#entries
        : [...this.#entries.slice(this.#next), ...this.#entries.slice(0, this.#next)];
    const kept = Math.max(0, Math.min(ordered.length, this.#added - added));
    return ordered.slice(ordered.length - kept).map(entryOf);
  }

  clear(): void {
    this.#entries.length = 0;
    this.#next = 0;
  }
}
