/**
 * One HTTP/1.1 connection: llhttp parses (see llhttp.ts), this keeps order and bounds. Requests are answered
 * one at a time, in order, synchronously when the answer is (the hot path makes no promise); answers go out
 * batched (http-output.ts). Reading stops while requests wait their turn, while an answer is awaited, and while
 * the answers queued for the client are over `maxOutputBytes`: a client that sends without reading holds at most
 * that much, and is closed after `writeTimeoutMs` without reading.
 */
import type { Socket } from 'node:net';
import type { WireResponse } from '../protocol/wire.js';
import { CONTINUE, type Output, SocketWriter, serialize, type Writes } from './http-output.js';
import {
  type Arrived,
  bounded,
  lastMethodBefore,
  RECEIVED_BYTES,
  type Refusal,
  refusalOf,
  refusalOfHead,
  requestLineOf,
} from './http-refusal.js';
import { addHeader, HttpRequest, headerRecord } from './http-request.js';
import { HTTPParser, type LlhttpParser, METHODS, type OnHeadersComplete } from './llhttp.js';

export type { Arrived, Refusal } from './http-refusal.js';

export interface HttpOptions {
  /** Answers a request. May throw or reject: `onError` then answers. */
  handle: (request: HttpRequest) => WireResponse | Promise<WireResponse>;
  /** The answer to a request that cannot be read (the connection is closed after it). */
  refuse: (what: Refusal, arrived: Arrived) => WireResponse;
  /** The answer when `handle` failed (a bug): logged by the caller. */
  onError: (error: unknown) => WireResponse;
  /** Request line and headers together (llhttp's maxHeaderSize). */
  maxHeadBytes: number;
  /** Over this, the request is handed over with its body undefined at once, then the connection is closed. */
  maxBodyBytes: number;
  /** A request's bytes on the wire (head, chunk sizes, extensions, trailers, data) stay under this. */
  maxWireBytes: number;
  /** Answers waiting for the client to read them: over this, no more requests are read from it. */
  maxOutputBytes: number;
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: number;
  /** A client that reads none of its answers for this long is closed. */
  writeTimeoutMs: number;
}

type Item = { request: HttpRequest; keepAlive: boolean } | { refusal: Refusal; arrived: Arrived; head: boolean };

export class Connection implements Output {
  readonly #parser: LlhttpParser = new HTTPParser();
  /** Requests read and not yet answered, in order. */
  readonly #ready: Item[] = [];
  /** The request being read. */
  #method = '';
  #url = '';
  #rawHeaders: string[] = [];
  #headers: Record<string, string> = headerRecord();
  #headerCount = 0;
  #keepAlive = true;
  #upgrade = false;
  #parts: Buffer[] = [];
  #size = 0;
  #continue = false;
  headersDone = false;
  /** Bytes received since the last request was complete. */
  #wireBytes = 0;
  /** Whether the message being read starts with "HEAD ", when where it starts is known (see #onData). */
  #startsWithHead = false;
  #startKnown = false;
  /** The first bytes of the request being read, when known: what a refusal tells of its request line. */
  #start: Buffer = Buffer.alloc(0);
  /** The chunk being parsed (during execute only), and whether a request beginning now begins at its start. */
  #chunk: Buffer | undefined;
  #atChunkStart = false;
  /** llhttp is inside a request (from its first byte to its end). */
  #inMessage = false;
  /** When the request being read began (0: none). */
  startedAt = 0;
  lastActivity = Date.now();
  /** Nothing more is parsed: a refusal or a request over the limit ends the connection. */
  #stopped = false;
  /** An answer is awaited: the next request waits (answers go out in order). */
  #waiting = false;
  /** Answers queued over `maxOutputBytes`: nothing is read until the client reads. Since when. */
  #full = false;
  #fullSince = 0;
  readonly #writer: SocketWriter;
  /** Characters handed to {@link Writes} and not yet to the socket. */
  #queued = 0;
  /** No more requests: the connection ends once the answers are out. */
  #closing = false;
  #endSent = false;
  /** The client has sent all it will send. */
  #ended = false;
  #paused = false;

  constructor(
    readonly socket: Socket,
    readonly options: HttpOptions,
    private readonly writes: Writes,
  ) {
    const parser = this.#parser;
    parser.initialize(HTTPParser.REQUEST, {}, options.maxHeadBytes, 0);
    parser[HTTPParser.kOnMessageBegin] = () => this.#begin();
    parser[HTTPParser.kOnHeaders] = (headers: string[], url: string) => {
      if (this.headersDone) return; // trailers: counted in the wire bytes, otherwise ignored
      this.#rawHeaders.push(...headers);
      this.#url += url;
    };
    parser[HTTPParser.kOnHeadersComplete] = ((major, minor, headers, method, url, _s, _m, upgrade, keepAlive) =>
      this.#headersComplete(major, minor, headers, method, url, upgrade, keepAlive)) satisfies OnHeadersComplete;
    parser[HTTPParser.kOnBody] = (chunk: Buffer) => this.#body(chunk);
    parser[HTTPParser.kOnMessageComplete] = () => this.#complete();

    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    this.#writer = new SocketWriter(socket, () => {
      // The last answers are handed over now: an idle connection is timed from here, not from their writing.
      this.lastActivity = Date.now();
      if (!this.#full) return;
      this.#full = false;
      this.#resume();
    });
    // The client is done sending: answer what was received, then end (half-open, so the answers can go out).
    socket.on('end', () => {
      this.#ended = true;
      this.#process();
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => parser.close());
  }

  get idle(): boolean {
    return this.startedAt === 0 && !this.#waiting && this.#ready.length === 0;
  }

  /**
   * Whether the client has kept the connection waiting too long: for the rest of a request's head or body, for
   * a next request, or to read its answers. Not while the connection waits for an answer of the simulator.
   */
  late(now: number): boolean {
    const { options } = this;
    // A client that reads, however slowly, is not deaf: the timeout counts from the last answer it took.
    if (this.#full) return now - Math.max(this.#fullSince, this.#writer.progressAt) > options.writeTimeoutMs;
    if (this.#waiting || this.#ready.length > 0) return false;
    if (this.startedAt !== 0)
      return now - this.startedAt > (this.headersDone ? options.requestTimeoutMs : options.headersTimeoutMs);
    return now - this.lastActivity > options.keepAliveTimeoutMs;
  }

  #onData(chunk: Buffer): void {
    if (this.#stopped || this.#closing) return;
    const now = Date.now();
    this.lastActivity = now;
    this.#wireBytes += chunk.length;
    // A request that begins during this execute begins at the chunk's start if none was being read before.
    this.#chunk = chunk;
    this.#atChunkStart = !this.#inMessage;
    if (this.startedAt === 0) this.startedAt = now;
    const parsed = this.#parser.execute(chunk);
    this.#chunk = undefined;
    if (typeof parsed !== 'number' && !this.#stopped) {
      const at = parsed.bytesParsed ?? 0;
      const near = chunk.toString('latin1', Math.max(0, at - 64), at + 64);
      // A refused HEAD gets no body, as any HEAD: llhttp names no method before the head is complete, so it is
      // read off the start of the message when known, else off the line where reading stopped.
      if (!this.headersDone && !this.#startKnown)
        this.#startsWithHead =
          lastMethodBefore(chunk.toString('latin1', Math.max(0, at - 4 * RECEIVED_BYTES), at)) === 'HEAD';
      this.#refuse(refusalOf(parsed.code, this.headersDone), parsed.code, near);
    } else if (this.startedAt !== 0 && !this.#stopped && this.#wireBytes > this.options.maxWireBytes) {
      this.#refuse(this.headersDone ? 'request body' : 'headers', 'maxWireBytes');
    }
    this.#process();
  }

  /**
   * A request begins: timed from now, and where it starts is known when it is the first of its chunk (after
   * empty lines), so that a refusal can tell its request line and whether it was a HEAD.
   */
  #begin(): void {
    if (this.#stopped) return;
    this.#inMessage = true;
    if (this.startedAt === 0) this.startedAt = Date.now();
    const chunk = this.#chunk;
    this.#startKnown = this.#atChunkStart && chunk !== undefined;
    this.#atChunkStart = false;
    if (!this.#startKnown || chunk === undefined) return;
    let at = 0;
    while (chunk[at] === 13 || chunk[at] === 10) at++;
    this.#startsWithHead =
      chunk[at] === 72 && chunk[at + 1] === 69 && chunk[at + 2] === 65 && chunk[at + 3] === 68 && chunk[at + 4] === 32;
    this.#start = chunk.subarray(at, at + 4 * RECEIVED_BYTES);
  }

  #headersComplete(
    major: number,
    minor: number,
    flat: string[] | undefined,
    methodIndex: number,
    url: string | undefined,
    upgrade: boolean,
    keepAlive: boolean,
  ): void {
    if (this.#stopped) return;
    this.headersDone = true;
    this.#method = METHODS[methodIndex] ?? '';
    this.#url = url ?? this.#url;
    const raw = flat ?? this.#rawHeaders;
    this.#rawHeaders = [];
    const headers = headerRecord();
    let hosts = 0;
    for (let i = 0; i < raw.length; i += 2) {
      const name = (raw[i] as string).toLowerCase();
      if (name === 'host') hosts++;
      addHeader(headers, name, raw[i + 1] as string);
    }
    this.#headers = headers;
    this.#headerCount = raw.length / 2;
    this.#keepAlive = keepAlive && !upgrade;
    this.#upgrade = upgrade;
    const refused = refusalOfHead(major, minor, this.#method, hosts, headers['transfer-encoding']);
    if (refused !== undefined) {
      this.#refuse(refused[0], refused[1]);
      return;
    }
    const length = headers['transfer-encoding'] === undefined ? Number(headers['content-length'] ?? 0) : -1;
    if (length > this.options.maxBodyBytes) this.#overLimit(length);
    else this.#continue = length !== 0 && headers.expect?.toLowerCase() === '100-continue';
  }

  #body(chunk: Buffer): void {
    if (this.#stopped) return;
    this.#continue = false;
    this.#size += chunk.length;
    if (this.#size > this.options.maxBodyBytes) this.#overLimit(this.#size);
    else this.#parts.push(chunk);
  }

  #complete(): void {
    if (this.#stopped) return;
    const parts = this.#parts;
    const body = parts.length === 0 ? undefined : parts.length === 1 ? parts[0] : Buffer.concat(parts);
    this.#push(body, this.#size, this.#keepAlive);
    if (this.#upgrade) this.#stopped = true; // what follows an Upgrade is not HTTP/1.1
  }

  /** Over the limit, the rest of the body is not read: the connection cannot go on after the answer. */
  #overLimit(size: number): void {
    this.#push(undefined, size, false);
    this.#stopped = true;
  }

  #push(body: Buffer | undefined, size: number, keepAlive: boolean): void {
    const request = new HttpRequest(this.#method, this.#url, this.#headers, this.#headerCount, body, size);
    this.#ready.push({ request, keepAlive });
    this.#url = '';
    this.#rawHeaders = [];
    this.#parts = [];
    this.#size = 0;
    this.#continue = false;
    this.headersDone = false;
    this.startedAt = 0;
    this.#wireBytes = 0;
    this.#inMessage = false;
    this.#startKnown = false;
  }

  #refuse(what: Refusal, reason: string, near?: string): void {
    const arrived: Arrived = { reason };
    if (this.headersDone) {
      arrived.method = this.#method;
      arrived.target = bounded(this.#url);
    } else if (this.#startKnown) Object.assign(arrived, requestLineOf(this.#start));
    if (near !== undefined) arrived.near = bounded(near);
    const head = this.headersDone ? this.#method === 'HEAD' : this.#startsWithHead;
    this.#ready.push({ refusal: what, arrived, head });
    this.#stopped = true;
    this.startedAt = 0;
  }

  /** Reading goes on after a wait: the request being read, if any, is timed from now. */
  #resume(): void {
    if (this.startedAt !== 0) this.startedAt = Date.now();
    this.#process();
  }

  /** Answers the requests read, in order, while nothing has to wait; writes the answers together. */
  #process(): void {
    const { options, socket } = this;
    const ready = this.#ready;
    let out = '';
    while (!this.#waiting && !this.#closing && ready.length > 0) {
      if (this.#queued + out.length + this.#writer.chars + socket.writableLength > options.maxOutputBytes) {
        this.#full = true;
        this.#fullSince = Date.now();
        break;
      }
      const item = ready.shift() as Item;
      if ('refusal' in item) {
        out += this.#serialize(options.refuse(item.refusal, item.arrived), item.head, false);
        this.#closing = true;
        break;
      }
      const { request, keepAlive } = item;
      if (!keepAlive) this.#closing = true;
      const isHead = request.method === 'HEAD';
      let answer: WireResponse | Promise<WireResponse>;
      try {
        answer = options.handle(request);
      } catch (error) {
        answer = options.onError(error);
      }
      if (answer instanceof Promise) {
        this.#waiting = true;
        this.#write(out);
        out = '';
        answer
          .catch((error: unknown) => options.onError(error))
          .then((response) => {
            this.#waiting = false;
            this.#write(this.#serialize(response, isHead, keepAlive));
            this.#resume();
          });
        break;
      }
      out += this.#serialize(answer, isHead, keepAlive);
    }
    if (this.#closing) ready.length = 0;
    // 100 Continue only once every earlier answer is out before it, and only if the body has not come anyway.
    if (this.#continue && ready.length === 0 && !this.#waiting) {
      this.#continue = false;
      out += CONTINUE;
    }
    // Everything the client sent is answered (an incomplete request never will be): end too.
    if (this.#ended && ready.length === 0 && !this.#waiting) this.#closing = true;
    this.#write(out);
    const pause = this.#waiting || this.#full || ready.length > 0 || this.#closing;
    if (pause !== this.#paused) {
      this.#paused = pause;
      if (pause) socket.pause();
      else socket.resume();
    }
  }

  #serialize(response: WireResponse, isHead: boolean, keepAlive: boolean): string {
    try {
      return serialize(response, isHead, keepAlive, Math.round(this.options.keepAliveTimeoutMs / 1000));
    } catch (error) {
      return serialize(this.options.onError(error), isHead, false, 0);
    }
  }

  #write(text: string): void {
    if (this.socket.destroyed || this.#endSent) return;
    const end = this.#closing && !this.#waiting;
    if (text === '' && !end) return;
    this.lastActivity = Date.now();
    if (end) this.#endSent = true;
    this.#queued += text.length;
    this.writes.add(this, text, end);
  }

  /** Called by {@link Writes}. */
  send(text: string, end: boolean): void {
    this.#queued -= text.length;
    this.#writer.send(text, end);
    if (!this.#writer.blocked) {
      // The socket took it all: reading goes on, if it stopped for the answers waiting.
      if (this.#full) {
        this.#full = false;
        this.#resume();
      }
      return;
    }
    if (this.#full) return;
    // Over the socket's buffer: nothing more is read until the client reads, and the connection is not idle.
    this.#full = true;
    this.#fullSince = Date.now();
    if (!this.#paused) {
      this.#paused = true;
      this.socket.pause();
    }
  }
}
