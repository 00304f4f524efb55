/** Where new identifiers come from; injected so that tests and pact files can be deterministic. */
export interface IdSource {
  snapshotId(): string;
  requestId(): string;
}

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).toUpperCase().padStart(2, '0'));

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
  // A byte-to-hex table: Number#toString(16) is slow on V8's generic path, and this runs once per request.
  const hex = (n: number) => {
    const v = next();
    const s =
      (HEX[v >>> 24] as string) +
      (HEX[(v >>> 16) & 255] as string) +
      (HEX[(v >>> 8) & 255] as string) +
      (HEX[v & 255] as string);
    return n === 8 ? s : s.slice(0, n);
  };
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
