/** Where new identifiers come from; injected so that tests and pact files can be deterministic. */
export interface IdSource {
  snapshotId(): string;
  requestId(): string;
}

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/**
 * Deterministic ids from a seed: SnapshotIds shaped like the real ones (`s-` and 20 lower-case
 * characters), RequestIds shaped like upper-case UUIDs. A xorshift generator: fast, pure, repeatable.
 */
export function seededIds(seed = 0x5eed): IdSource {
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state;
  };
  const hex = (n: number) => next().toString(16).padStart(8, '0').slice(0, n).toUpperCase();
  return {
    snapshotId() {
      let id = 's-sim';
      for (let i = 0; i < 17; i++) id += ALPHABET[next() % 36];
      return id;
    },
    requestId() {
      return `${hex(8)}-${hex(4)}-4${hex(3)}-${hex(4)}-${hex(8)}${hex(4)}`;
    },
  };
}
