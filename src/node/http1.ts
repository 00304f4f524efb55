/**
 * A small HTTP/1.1 server on node:net, for the simulator's hot path. node:http costs about twice the CPU per
 * request of this (IncomingMessage, ServerResponse, their events and header bookkeeping), and on a two-CPU
 * machine that alone kept the simulator under half of a bare node:http server's throughput.
 *
 * What it does: keep-alive and `Connection: close`, HTTP/1.0, pipelining (answers in order, one request at a
 * time), Content-Length and chunked request bodies, `Expect: 100-continue`, HEAD, header and body size limits,
 * header and request timeouts, an idle keep-alive timeout, and backpressure. It is strict, as a test server
 * should be: anything ambiguous (obs-fold, bare CR or LF, control characters, both Content-Length and
 * Transfer-Encoding, conflicting lengths, a transfer coding other than chunked) is refused with a 400 built by
 * `options.refuse` and the connection is closed. Header values are read as latin1, as node:http reads them.
 */
import { STATUS_CODES } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';

export interface Http1Request {
  /** As sent (a token; not upper-cased). */
  method: string;
  /** The request target as sent, e.g. `/?Action=CreateSnapshot`. */
  url: string;
  httpVersion: '1.0' | '1.1';
  /** By lower-case name; repeated headers joined as node:http joins them (see {@link addHeader}). */
  headers: Readonly<Record<string, string>>;
  headerCount: number;
  /** The body's bytes; undefined when the request has none, or when it is over the limit. */
  body: Buffer | undefined;
  /** Size of the body: received, or declared (Content-Length) when over the limit. */
  bodyBytes: number;
}

export interface Http1Response {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** What the server refuses before a request exists, named as x-assumptions.limits names it. */
export type Refusal = 'URL' | 'headers' | 'request body';

export interface Http1Options {
  /** Answers a request. May throw or reject: `onError` then answers. */
  handle: (request: Http1Request) => Http1Response | Promise<Http1Response>;
  /** The answer to a request that cannot be read (the connection is closed after it). */
  refuse: (what: Refusal) => Http1Response;
  /** The answer when `handle` failed (a bug): logged by the caller. */
  onError: (error: unknown) => Http1Response;
  /** Request line and headers together. */
  maxHeadBytes: number;
  /** Over this, the request is handed over with `body` undefined at once, then the connection is closed. */
  maxBodyBytes: number;
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: number;
}

export interface Http1Server extends Server {
  /** Destroys every connection, busy or not. */
  closeAllConnections(): void;
  /** Closes connections that wait for a next request. */
  closeIdleConnections(): void;
}

const CRLF_CRLF = '\r\n\r\n';
/** RFC 9110 token characters. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
const REQUEST_LINE = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+) ([^\s\x00-\x1f\x7f]+) HTTP\/1\.([01])$/;
/** Control characters other than HT are refused in header values (and CR or LF anywhere in a line). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
const BAD_VALUE = /[\x00-\x08\x0a-\x1f\x7f]/;
const HEX = /^[0-9A-Fa-f]{1,8}$/;

/**
 * Headers node:http keeps once (the first), and the separators it joins the others with: the simulator read
 * `req.headers` before, and a signed request must canonicalise the same way on either server.
 */
const KEEP_FIRST = new Set([
  'age',
  'authorization',
  'content-length',
  'content-type',
  'etag',
  'expires',
  'from',
  'host',
  'if-modified-since',
  'if-unmodified-since',
  'last-modified',
  'location',
  'max-forwards',
  'proxy-authorization',
  'referer',
  'retry-after',
  'server',
  'user-agent',
]);

/** A record with no inherited properties: a header named `constructor` or `__proto__` is a header like any other. */
const NO_PROPERTIES: object = Object.create(null);

function addHeader(headers: Record<string, string>, name: string, value: string): void {
  const previous = headers[name];
  if (previous === undefined) headers[name] = value;
  else if (!KEEP_FIRST.has(name)) headers[name] = `${previous}${name === 'cookie' ? '; ' : ', '}${value}`;
}

/** The parts of a request read so far, while its body arrives. */
interface Head {
  method: string;
  url: string;
  httpVersion: '1.0' | '1.1';
  headers: Record<string, string>;
  headerCount: number;
  keepAlive: boolean;
  /** Content-Length, or -1 for chunked. */
  length: number;
}

type Parsed<T> = { ok: true; value: T } | { ok: false; refusal: Refusal };
const refused = (refusal: Refusal): { ok: false; refusal: Refusal } => ({ ok: false, refusal });

function parseHead(text: string): Parsed<Head> {
  const lineEnd = text.indexOf('\r\n');
  const line = REQUEST_LINE.exec(lineEnd === -1 ? text : text.slice(0, lineEnd));
  if (line === null) return refused('URL');
  const headers = Object.create(NO_PROPERTIES) as Record<string, string>;
  let headerCount = 0;
  let contentLength: string | undefined;
  let at = lineEnd === -1 ? text.length : lineEnd + 2;
  while (at < text.length) {
    let end = text.indexOf('\r\n', at);
    if (end === -1) end = text.length;
    const colon = text.indexOf(':', at);
    if (colon === -1 || colon > end) return refused('headers');
    const name = text.slice(at, colon);
    // No space before the colon, no obs-fold (a line starting with a space is the name's first character).
    if (!TOKEN.test(name)) return refused('headers');
    const value = text.slice(colon + 1, end).trim();
    if (BAD_VALUE.test(value)) return refused('headers');
    const lower = name.toLowerCase();
    if (lower === 'content-length') {
      if (!/^\d{1,15}$/.test(value) || (contentLength !== undefined && contentLength !== value))
        return refused('headers');
      contentLength = value;
    }
    addHeader(headers, lower, value);
    headerCount++;
    at = end + 2;
  }
  const httpVersion = line[3] === '1' ? '1.1' : '1.0';
  const connection = headers.connection?.toLowerCase() ?? '';
  const keepAlive = httpVersion === '1.1' ? !connection.includes('close') : connection.includes('keep-alive');
  let length = contentLength === undefined ? 0 : Number(contentLength);
  const te = headers['transfer-encoding'];
  if (te !== undefined) {
    // Both framings at once is how requests are smuggled; other codings are not something a client of this API sends.
    if (contentLength !== undefined || te.toLowerCase() !== 'chunked') return refused('headers');
    length = -1;
  }
  return {
    ok: true,
    value: { method: line[1] as string, url: line[2] as string, httpVersion, headers, headerCount, keepAlive, length },
  };
}

/** A chunked body, decoded as it arrives. */
class ChunkedBody {
  readonly parts: Buffer[] = [];
  size = 0;
  /** Bytes of the current chunk still to read; -1 while reading a size line, -2 while reading trailers. */
  #remaining = -1;
  /** The CRLF after a chunk's data is still to come. */
  #crlf = false;

  /** Consumes from `buf` at `at`; the new offset, with `done` once the last chunk and trailers are read. */
  read(buf: Buffer, at: number, limit: number): Parsed<{ at: number; done: boolean }> {
    for (;;) {
      if (this.#crlf) {
        if (buf.length - at < 2) return { ok: true, value: { at, done: false } };
        if (buf[at] !== 13 || buf[at + 1] !== 10) return refused('request body');
        at += 2;
        this.#crlf = false;
      }
      if (this.#remaining > 0) {
        const take = Math.min(this.#remaining, buf.length - at);
        if (take === 0) return { ok: true, value: { at, done: false } };
        if (this.size + take <= limit) this.parts.push(buf.subarray(at, at + take));
        this.size += take;
        this.#remaining -= take;
        at += take;
        if (this.#remaining === 0) this.#crlf = true;
        if (this.size > limit) return { ok: true, value: { at, done: true } };
        continue;
      }
      const end = buf.indexOf('\r\n', at, 'latin1');
      if (end === -1) {
        if (buf.length - at > 1024) return refused('request body');
        return { ok: true, value: { at, done: false } };
      }
      const line = buf.toString('latin1', at, end);
      at = end + 2;
      if (this.#remaining === -2) {
        if (line === '') return { ok: true, value: { at, done: true } };
        continue; // a trailer field: ignored
      }
      const size = line.split(';', 1)[0]?.trim() ?? '';
      if (!HEX.test(size)) return refused('request body');
      this.#remaining = Number.parseInt(size, 16);
      if (this.#remaining === 0) this.#remaining = -2;
    }
  }
}

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

function serialize(response: Http1Response, head: boolean, keepAlive: boolean, keepAliveS: number): string {
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

/**
 * Answers are written once per turn of the event loop, after every readable socket was read: the client then
 * wakes once for many answers rather than once for each. On a loaded two-CPU machine, waking the client (the
 * other CPU) was a third of the server's time, and it costs the client as much.
 */
class Writes {
  #queue: Array<{ connection: Connection; text: string; end: boolean }> = [];
  #scheduled = false;

  add(connection: Connection, text: string, end: boolean): void {
    this.#queue.push({ connection, text, end });
    if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(this.#flush);
    }
  }

  readonly #flush = () => {
    this.#scheduled = false;
    const queue = this.#queue;
    this.#queue = [];
    for (const { connection, text, end } of queue) {
      const { socket } = connection;
      if (socket.destroyed) continue;
      if (end) socket.end(text);
      else connection.flushed(socket.write(text));
    }
  };
}

class Connection {
  /** Bytes received and not yet consumed: the request being read starts at 0 (or its body does, once its head is read). */
  #buf: Buffer | undefined;
  #head: Head | undefined;
  #chunked: ChunkedBody | undefined;
  /** When the request being read began (0: none), and whether its head is complete. */
  startedAt = 0;
  headDone = false;
  lastActivity = Date.now();
  /** An answer is awaited: the next request waits (answers go out in order). */
  #waiting = false;
  /** The socket's buffer is full: reading (the socket, and the requests buffered) waits for 'drain'. */
  #full = false;
  /** No more requests: the connection ends once the answers are out. */
  #closing = false;
  /** The client has sent all it will send. */
  #ended = false;

  constructor(
    readonly socket: Socket,
    readonly options: Http1Options,
    private readonly writes: Writes,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    socket.on('drain', () => {
      this.#full = false;
      socket.resume();
      this.#resume();
    });
    // The client is done sending: answer what was received, then end (half-open, so the answers can go out).
    socket.on('end', () => {
      this.#ended = true;
      this.#process();
    });
    socket.on('error', () => socket.destroy());
  }

  get idle(): boolean {
    return this.startedAt === 0 && !this.#waiting;
  }

  /**
   * Whether the client has kept the connection waiting too long: for the rest of a request's head or body, or
   * for a next request. Not while the connection waits for an answer, or for the client to read its answers.
   */
  late(now: number): boolean {
    const { options } = this;
    if (this.#waiting || this.#full) return false;
    if (this.startedAt !== 0)
      return now - this.startedAt > (this.headDone ? options.requestTimeoutMs : options.headersTimeoutMs);
    return now - this.lastActivity > options.keepAliveTimeoutMs;
  }

  /** Reading goes on after a wait: the request in the buffer, if any, is timed from now. */
  #resume(): void {
    this.startedAt = this.#buf === undefined ? 0 : Date.now();
    this.#process();
  }

  #onData(chunk: Buffer): void {
    if (this.#closing) return;
    this.lastActivity = Date.now();
    this.#buf = this.#buf === undefined ? chunk : Buffer.concat([this.#buf, chunk]);
    if (this.startedAt === 0) this.startedAt = this.lastActivity;
    this.#process();
  }

  /** Reads and answers every complete request in the buffer, and writes the answers together. */
  #process(): void {
    let out = '';
    while (!this.#waiting && !this.#full && !this.#closing && this.#buf !== undefined) {
      const buf = this.#buf;
      const step = this.#step(buf);
      if (step === undefined) break;
      if ('refusal' in step) {
        const isHead = buf.toString('latin1', 0, 5) === 'HEAD ';
        out += this.#serialize(this.options.refuse(step.refusal), isHead, false);
        this.#closing = true;
        break;
      }
      const { request, keepAlive } = step;
      if (!keepAlive) this.#closing = true;
      const isHead = request.method === 'HEAD';
      let answer: Http1Response | Promise<Http1Response>;
      try {
        answer = this.options.handle(request);
      } catch (error) {
        answer = this.options.onError(error);
      }
      if (answer instanceof Promise) {
        this.#waiting = true;
        this.#write(out);
        out = '';
        answer
          .catch((error: unknown) => this.options.onError(error))
          .then((response) => {
            this.#waiting = false;
            this.#write(this.#serialize(response, isHead, keepAlive));
            this.#resume();
          });
        return;
      }
      out += this.#serialize(answer, isHead, keepAlive);
    }
    // Everything the client sent is answered (an incomplete request never will be): end too.
    if (this.#ended && !this.#waiting && !this.#full) this.#closing = true;
    this.#write(out);
  }

  #serialize(response: Http1Response, isHead: boolean, keepAlive: boolean): string {
    try {
      return serialize(response, isHead, keepAlive, Math.round(this.options.keepAliveTimeoutMs / 1000));
    } catch (error) {
      return serialize(this.options.onError(error), isHead, false, 0);
    }
  }

  #write(text: string): void {
    if (this.socket.destroyed) return;
    const end = this.#closing && !this.#waiting;
    if (text === '' && !end) return;
    this.lastActivity = Date.now();
    this.writes.add(this, text, end);
  }

  /** Called by {@link Writes}; a client that sends without reading is not read either until it has read. */
  flushed(accepted: boolean): void {
    if (accepted || this.#full) return;
    this.#full = true;
    this.socket.pause();
  }

  /**
   * Advances the request at the start of `buf`: undefined while more bytes are needed (those kept), a refusal,
   * or a whole request (its bytes consumed).
   */
  #step(buf: Buffer): { refusal: Refusal } | { request: Http1Request; keepAlive: boolean } | undefined {
    const { options } = this;
    let at = 0;
    if (this.#head === undefined) {
      // Empty lines before a request line are ignored (RFC 9112 2.2).
      while (buf.length - at >= 2 && buf[at] === 13 && buf[at + 1] === 10) at += 2;
      const end = buf.indexOf(CRLF_CRLF, at, 'latin1');
      if ((end === -1 ? buf.length : end) - at > options.maxHeadBytes) return { refusal: 'headers' };
      if (end === -1) return this.#keep(buf, at);
      const parsed = parseHead(buf.toString('latin1', at, end));
      if (!parsed.ok) return { refusal: parsed.refusal };
      const head = parsed.value;
      this.#head = head;
      this.headDone = true;
      at = end + 4;
      if (head.length > options.maxBodyBytes) return this.#complete(buf, buf.length, undefined, head.length);
      if (head.length !== 0 && head.headers.expect?.toLowerCase() === '100-continue' && buf.length === at)
        this.socket.write('HTTP/1.1 100 Continue\r\n\r\n');
      if (head.length === -1) this.#chunked = new ChunkedBody();
    }
    const { length } = this.#head;
    if (length === -1) {
      const chunked = this.#chunked as ChunkedBody;
      const read = chunked.read(buf, at, options.maxBodyBytes);
      if (!read.ok) return { refusal: read.refusal };
      if (!read.value.done) return this.#keep(buf, read.value.at);
      if (chunked.size > options.maxBodyBytes) return this.#complete(buf, buf.length, undefined, chunked.size);
      return this.#complete(buf, read.value.at, Buffer.concat(chunked.parts), chunked.size);
    }
    if (buf.length - at < length) return this.#keep(buf, at);
    return this.#complete(buf, at + length, length === 0 ? undefined : buf.subarray(at, at + length), length);
  }

  /** Keeps the bytes from `at` on, for the next read. */
  #keep(buf: Buffer, at: number): undefined {
    this.#buf = at >= buf.length ? undefined : at === 0 ? buf : buf.subarray(at);
    return undefined;
  }

  /** The request is read up to `end` in `buf`; what follows is the next request's. */
  #complete(
    buf: Buffer,
    end: number,
    body: Buffer | undefined,
    bodyBytes: number,
  ): { request: Http1Request; keepAlive: boolean } {
    const head = this.#head as Head;
    // Over the limit, the rest of the body is not read: the connection cannot go on after the answer.
    const overLimit = bodyBytes > this.options.maxBodyBytes;
    this.#buf = overLimit || end >= buf.length ? undefined : buf.subarray(end);
    this.#head = undefined;
    this.#chunked = undefined;
    this.headDone = false;
    this.startedAt = this.#buf === undefined ? 0 : Date.now();
    return {
      request: {
        method: head.method,
        url: head.url,
        httpVersion: head.httpVersion,
        headers: head.headers,
        headerCount: head.headerCount,
        body,
        bodyBytes,
      },
      keepAlive: head.keepAlive && !overLimit,
    };
  }
}

export function createHttp1Server(options: Http1Options): Http1Server {
  const connections = new Set<Connection>();
  const writes = new Writes();
  const server = createServer({ allowHalfOpen: true }, (socket) => {
    const connection = new Connection(socket, options, writes);
    connections.add(connection);
    socket.on('close', () => connections.delete(connection));
  }) as Http1Server;

  // Timeouts: one sweep over the connections, not a timer per request.
  const sweepMs = Math.max(50, Math.min(1000, options.headersTimeoutMs / 2, options.requestTimeoutMs / 2));
  let sweeper: ReturnType<typeof setInterval> | undefined;
  const sweep = () => {
    const now = Date.now();
    for (const c of connections) if (c.late(now)) c.socket.destroy();
  };
  server.on('listening', () => {
    sweeper ??= setInterval(sweep, sweepMs);
    sweeper.unref();
  });
  server.on('close', () => {
    clearInterval(sweeper);
    sweeper = undefined;
  });

  server.closeAllConnections = () => {
    for (const c of connections) c.socket.destroy();
  };
  server.closeIdleConnections = () => {
    for (const c of connections) if (c.idle) c.socket.destroy();
  };
  const close = server.close.bind(server);
  server.close = (callback?: (error?: Error) => void) => {
    close(callback);
    server.closeIdleConnections();
    return server;
  };
  return server;
}
