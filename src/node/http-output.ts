/** Answers as bytes on the wire, and the batching of their writes. */
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { WireResponse } from '../protocol/wire.js';

/** `Date` header value, recomputed once a second. */
let dateAt = 0;
let dateText = '';
function httpDate(): string {
  const now = Date.now();
  if (now - dateAt >= 1000) {
    dateAt = now - (now % 1000);
    dateText = new Date(now).toUTCString();
  }
  return dateText;
}

/** Status line, headers and (but for HEAD) body. Throws on a header value with CR or LF (a bug of the caller). */
export function serialize(response: WireResponse, head: boolean, keepAlive: boolean, keepAliveS: number): string {
  let text = `HTTP/1.1 ${response.status} ${STATUS_CODES[response.status] ?? 'Unknown'}\r\n`;
  for (const name in response.headers) {
    const value = response.headers[name] as string;
    if (value.includes('\r') || value.includes('\n')) throw new Error(`header ${name}: CR or LF in its value`);
    text += `${name}: ${value}\r\n`;
  }
  text += `content-length: ${Buffer.byteLength(response.body)}\r\ndate: ${httpDate()}\r\n`;
  text += keepAlive
    ? `connection: keep-alive\r\nkeep-alive: timeout=${keepAliveS}\r\n\r\n`
    : 'connection: close\r\n\r\n';
  return head ? text : text + response.body;
}

export const CONTINUE = 'HTTP/1.1 100 Continue\r\n\r\n';

/** What {@link Writes} writes to. */
export interface Output {
  readonly socket: Socket;
  /** Writes `text` (then ends the connection, if `end`). */
  send(text: string, end: boolean): void;
}

/**
 * Answers are written once per turn of the event loop, after every readable socket was read: the client then
 * wakes once for many answers rather than once for each. On a loaded two-CPU machine, waking the client (the
 * other CPU) was a third of the server's time, and it costs the client as much.
 */
export class Writes {
  #queue: Array<{ output: Output; text: string; end: boolean }> = [];
  #scheduled = false;

  add(output: Output, text: string, end: boolean): void {
    this.#queue.push({ output, text, end });
    if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(this.#flush);
    }
  }

  readonly #flush = () => {
    this.#scheduled = false;
    const queue = this.#queue;
    this.#queue = [];
    for (const { output, text, end } of queue) if (!output.socket.destroyed) output.send(text, end);
  };
}

/** Large answers go to the socket in slices of this many characters, each once the client took the last. */
const SLICE = 1 << 20;

/**
 * One socket's output: what the socket does not take yet waits here, in slices, and goes on each 'drain'. So
 * the socket's own buffer holds at most one slice, and each 'drain' tells that the client reads, however slowly.
 */
export class SocketWriter {
  readonly #slices: string[] = [];
  #chars = 0;
  #end = false;
  #ended = false;
  #blocked = false;
  /** When the client last took what the socket had (or when the writer was last idle). */
  progressAt = Date.now();

  constructor(
    readonly socket: Socket,
    /** Called when everything queued went to the socket after it had been blocked. */
    onDrained: () => void,
  ) {
    socket.on('drain', () => {
      this.#blocked = false;
      this.progressAt = Date.now();
      this.#pump();
      if (!this.#blocked) onDrained();
    });
  }

  /** Characters waiting here, not yet handed to the socket. */
  get chars(): number {
    return this.#chars;
  }

  /** The socket took more than its buffer: nothing more goes until 'drain'. */
  get blocked(): boolean {
    return this.#blocked;
  }

  send(text: string, end: boolean): void {
    let at = 0;
    while (text.length - at > SLICE) {
      let stop = at + SLICE;
      // Never between the two halves of a surrogate pair: each slice is encoded as UTF-8 on its own.
      const code = text.charCodeAt(stop - 1);
      if (code >= 0xd800 && code <= 0xdbff) stop--;
      this.#slices.push(text.slice(at, stop));
      at = stop;
    }
    if (text.length > at) this.#slices.push(at === 0 ? text : text.slice(at));
    this.#chars += text.length;
    if (end) this.#end = true;
    this.#pump();
  }

  #pump(): void {
    const { socket } = this;
    while (!this.#blocked && this.#slices.length > 0) {
      const slice = this.#slices.shift() as string;
      this.#chars -= slice.length;
      if (!socket.write(slice)) {
        this.#blocked = true;
        this.progressAt = Date.now();
      }
    }
    if (this.#slices.length === 0 && this.#end && !this.#ended) {
      this.#ended = true;
      socket.end();
    }
  }
}
