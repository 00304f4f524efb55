/**
 * A copy of `s` that holds only its own characters. A string read off a request (a nonce, the query) is usually
 * a slice of the whole request head, and kept for long it keeps the whole head alive: memory, and work for every
 * garbage collection meanwhile.
 */
export function compact(s: string): string {
  return `${s} `.slice(0, -1);
}
