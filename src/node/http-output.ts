/** Answers as bytes on the wire, and the batching of their writes. */
import { STATUS_CODES } from 'node:http';
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
  readonly socket: import('node:net').Socket;
  /** Told, once `length` characters went to the socket, whether it took them without going over its buffer. */
  flushed(accepted: boolean, length: number): void;
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
    for (const { output, text, end } of queue) {
      const { socket } = output;
      if (socket.destroyed) continue;
      if (end) socket.end(text);
      else output.flushed(socket.write(text), text.length);
    }
  };
}
