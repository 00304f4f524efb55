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

/** 32 random bits: WebCrypto where the platform has it (Node 20+, browsers), else Math.random. */
export function randomWord(): number {
  const webCrypto = (globalThis as { crypto?: { getRandomValues?: (a: Uint32Array) => Uint32Array } }).crypto;
  if (webCrypto?.getRandomValues !== undefined) return webCrypto.getRandomValues(new Uint32Array(1))[0] as number;
  return Math.floor(Math.random() * 2 ** 32) >>> 0;
}

/**
 * The default ids: the seeded sequence from a random seed, the RequestId's first 12 hex digits drawn once per
 * simulator at random. Two simulators (two processes, two CI jobs) then never answer the same RequestId: a
 * collision needs the same 48 random bits, and within one simulator the sequence does not repeat. Pass
 * `ids: seededIds()` to a simulator for ids that are the same on every run.
 */
export function uniqueIds(random: () => number = randomWord): IdSource {
  const sequence = seededIds(random() || 1);
  const high = random() >>> 0;
  const low = random() & 0xffff;
  const prefix = `${high.toString(16).toUpperCase().padStart(8, '0')}-${low.toString(16).toUpperCase().padStart(4, '0')}`;
  return {
    snapshotId: () => sequence.snapshotId(),
    // The seeded id is `XXXXXXXX-XXXX-4XXX-...`: its first 13 characters give way to the prefix.
    requestId: () => prefix + sequence.requestId().slice(13),
  };
}
