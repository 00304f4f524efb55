/** The journal of recent requests (`GET /_sim/requests`): what was sent, how it was judged, what was answered. */

export interface JournalEntry {
  time: string;
  method: string;
  action: string | null;
  /** Every parameter, query and form body together, as decoded. */
  parameters: Record<string, string>;
  signature: { version: 'V1' | 'V3' | null; verdict: 'valid' | 'invalid' | 'not-checked' };
  answer: { status: number; requestId: string; code?: string; snapshotId?: string };
}

/** As stored: the time stays a number until someone reads the journal (it is written on every request). */
export type JournalRecord = Omit<JournalEntry, 'time'> & { at: number };

export class Journal {
  readonly #entries: JournalRecord[] = [];
  #next = 0;

  constructor(readonly capacity = 1000) {}

  add(entry: JournalRecord): void {
    if (this.#entries.length < this.capacity) this.#entries.push(entry);
    else this.#entries[this.#next] = entry;
    this.#next = (this.#next + 1) % this.capacity;
  }

  /** Oldest first. */
  list(): JournalEntry[] {
    const ordered =
      this.#entries.length < this.capacity
        ? this.#entries
        : [...this.#entries.slice(this.#next), ...this.#entries.slice(0, this.#next)];
    return ordered.map(({ at, ...rest }) => ({ time: new Date(at).toISOString(), ...rest }));
  }

  clear(): void {
    this.#entries.length = 0;
    this.#next = 0;
  }
}
