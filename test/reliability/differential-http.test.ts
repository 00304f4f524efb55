/**
 * Differential test of the HTTP layer: one corpus of raw requests (the fuzz plans of fuzz/generators-*.ts, made bytes,
 * and hand-written framing cases) sent to a plain node:http server and to the simulator's server
 * (http-server.ts, with the simulator's limits). What reaches each handler (method, target, headers, body), or
 * the refusal, must agree. Where the simulator is stricter than node:http on purpose, the case is listed in
 * STRICTER with the reason, and the test checks it is refused by the simulator and accepted by node:http.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpRequest } from '../../src/node/http-request.js';
import { createHttpServer, type HttpServer } from '../../src/node/http-server.js';
import { HTTP_LIMITS } from '../../src/node/server.js';
import { type Built, build, FUZZ_SEED, plan } from './fuzz/index.js';

interface Seen {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}
type Outcome = { handled: Seen } | { refused: string };

let reference: Server;
let simulator: HttpServer;
let referenceSeen: Seen | undefined;
let simulatorSeen: Seen | undefined;
const ports = { reference: 0, simulator: 0 };

const answer = 'HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok';

beforeAll(async () => {
  reference = createServer({ maxHeaderSize: HTTP_LIMITS.maxHeadBytes }, (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      // fromEntries defines properties: a header named __proto__ stays a header.
      const headers = Object.fromEntries(
        Object.entries(req.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : value]),
      ) as Record<string, string>;
      referenceSeen = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers,
        body: Buffer.concat(chunks).toString('latin1'),
      };
      res.setHeader('connection', 'close');
      res.end('ok');
    });
  });
  simulator = createHttpServer({
    ...HTTP_LIMITS,
    handle: (req: HttpRequest) => {
      simulatorSeen = {
        method: req.method,
        url: req.url,
        headers: { ...req.headers },
        body: req.bodyBytesRaw?.toString('latin1') ?? '',
      };
      return { status: 200, headers: {}, body: 'ok' };
    },
    refuse: (what) => ({ status: 400, headers: {}, body: `refused ${what}` }),
    onError: () => ({ status: 500, headers: {}, body: 'failed' }),
  });
  await new Promise<void>((resolve) => reference.listen(0, '127.0.0.1', resolve));
  await new Promise<void>((resolve) => simulator.listen(0, '127.0.0.1', resolve));
  ports.reference = (reference.address() as AddressInfo).port;
  ports.simulator = (simulator.address() as AddressInfo).port;
  expect(answer).toContain('ok');
});
afterAll(() => {
  reference.closeAllConnections();
  reference.close();
  simulator.closeAllConnections();
  simulator.close();
});

/** Sends the bytes and half-closes; the outcome once the server has closed the connection. */
function outcomeOf(port: number, bytes: Buffer, take: () => Seen | undefined): Promise<Outcome> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let data = '';
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => {
      data += d;
    });
    socket.on('error', () => {});
    const timer = setTimeout(() => socket.destroy(), 3000);
    socket.on('close', () => {
      clearTimeout(timer);
      const seen = take();
      const status = data.slice(9, 12);
      resolve(seen !== undefined && status === '200' ? { handled: seen } : { refused: status || 'closed' });
    });
    socket.end(bytes);
  });
}

async function both(bytes: Buffer): Promise<{ reference: Outcome; simulator: Outcome }> {
  referenceSeen = undefined;
  simulatorSeen = undefined;
  const r = await outcomeOf(ports.reference, bytes, () => referenceSeen);
  const s = await outcomeOf(ports.simulator, bytes, () => simulatorSeen);
  return { reference: r, simulator: s };
}

/** A built fuzz request as bytes: Host when it has none, one request, Connection: close. */
function bytesOf(b: Built): Buffer {
  const lines = [`${b.method} ${b.path} HTTP/1.1`];
  const headers = b.headers.filter(([n]) => n.toLowerCase() !== 'connection');
  if (!headers.some(([n]) => n.toLowerCase() === 'host')) lines.push('Host: 127.0.0.1');
  for (const [name, value] of headers) lines.push(`${name}: ${value}`);
  let body = Buffer.from(b.body);
  if (b.chunked) {
    lines.push('Transfer-Encoding: chunked');
    const half = Math.floor(body.length / 2);
    const chunk = (c: Buffer) =>
      c.length === 0
        ? Buffer.alloc(0)
        : Buffer.concat([Buffer.from(`${c.length.toString(16)}\r\n`), c, Buffer.from('\r\n')]);
    body = Buffer.concat([chunk(body.subarray(0, half)), chunk(body.subarray(half)), Buffer.from('0\r\n\r\n')]);
  } else if (body.length > 0 || b.zeroLength) lines.push(`Content-Length: ${body.length}`);
  lines.push('Connection: close');
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), body]);
}

/** The simulator's outcome without a header named __proto__, which node:http cannot show (see its test). */
function withoutProto(o: Outcome): Outcome {
  if (!('handled' in o)) return o;
  const headers = Object.fromEntries(Object.entries(o.handled.headers).filter(([n]) => n !== '__proto__'));
  return { handled: { ...o.handled, headers } };
}

const raw = (text: string) => Buffer.from(text, 'latin1');
const GET = 'GET /?a=1 HTTP/1.1\r\nHost: x\r\n';

/** Framing cases: where parsers disagree, if anywhere. */
const FRAMING: Array<[string, string]> = [
  ['plain GET', `${GET}\r\n`],
  ['LF-only line ends', 'GET / HTTP/1.1\nHost: x\n\n'],
  ['obs-fold', `${GET}X-A: 1\r\n folded\r\n\r\n`],
  ['a space before the colon', `${GET}X-A : 1\r\n\r\n`],
  ['a bare CR', `${GET}X-A: 1\rX-B: 2\r\n\r\n`],
  ['NUL in a value', `${GET}X-A: a\x00b\r\n\r\n`],
  ['NBSP around a value', `${GET}X-A:\xa0a\xa0\r\n\r\n`],
  ['spaces and tabs around a value', `${GET}X-A: \t a b \t \r\n\r\n`],
  ['obs-text in a value', `${GET}X-A: caf\xe9\r\n\r\n`],
  ['a header named constructor', `${GET}constructor: c\r\ntoString: t\r\n\r\n`],
  [
    'repeated headers',
    `${GET}X-R: 1\r\nX-R: 2\r\nCookie: a=1\r\nCookie: b=2\r\nUser-Agent: u1\r\nUser-Agent: u2\r\n\r\n`,
  ],
  ['VT after Content-Length', 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\x0b\r\n\r\na'],
  ['FF after Transfer-Encoding', 'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\x0c\r\n\r\n0\r\n\r\n'],
  [
    'Content-Length and Transfer-Encoding',
    'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
  ],
  ['two Content-Lengths', 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\na'],
  ['a Content-Length with a sign', 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: +1\r\n\r\na'],
  [
    'chunked with extensions and trailers',
    'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3;a=b\r\nabc\r\n0\r\nX-T: t\r\n\r\n',
  ],
  [
    'NBSP after a chunk size',
    'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\xa0\r\nabc\r\n0\r\n\r\n',
  ],
  [
    'a space after a chunk size',
    'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3 \r\nabc\r\n0\r\n\r\n',
  ],
  [
    'a bare CR in a chunk extension',
    'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3;a\rb\r\nabc\r\n0\r\n\r\n',
  ],
  ['a bare LF after chunk data', 'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\n0\r\n\r\n'],
  ['a chunk size overflow', 'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFF\r\n'],
  ['a lower-case method', 'get / HTTP/1.1\r\nHost: x\r\n\r\n'],
  ['an unknown method', 'FOO / HTTP/1.1\r\nHost: x\r\n\r\n'],
  ['a space in the target', 'GET /a b HTTP/1.1\r\nHost: x\r\n\r\n'],
  ['HTTP/1.0 without Host', 'GET / HTTP/1.0\r\n\r\n'],
  ['HTTP/1.1 without Host', 'GET / HTTP/1.1\r\n\r\n'],
  ['an absolute target', 'GET http://x/?a=1 HTTP/1.1\r\nHost: x\r\n\r\n'],
  ['HTTP/1.2', 'GET / HTTP/1.2\r\nHost: x\r\n\r\n'],
  ['empty lines before the request line', '\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n'],
];

/** Refused by the simulator (the documented 400), served or dropped by node:http: requests this API cannot have. */
const STRICTER: Array<[string, string, string]> = [
  ['HTTP/2.0 in a request line', 'GET / HTTP/2.0\r\nHost: x\r\n\r\n', 'only HTTP/1.0 and 1.1 are served'],
  ['CONNECT', 'CONNECT x:1 HTTP/1.1\r\nHost: x\r\n\r\n', 'node:http closes without an answer'],
  ['two Hosts', `${GET}Host: y\r\n\r\n`, 'RFC 9112 3.2: a server must refuse a request with more than one Host'],
  [
    'a transfer coding before chunked',
    'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n',
    'no client of this API compresses its request; the body would be read as the compressed bytes',
  ],
];

describe('the HTTP layer against node:http on one corpus', () => {
  it.each(FRAMING)('agrees on %s', async (_name, text) => {
    const { reference: r, simulator: s } = await both(raw(text));
    expect(s).toEqual(r);
  });

  it.each(STRICTER)('refuses %s, which node:http does not refuse with a 400 (%s)', async (_name, text) => {
    const { reference: r, simulator: s } = await both(raw(text));
    expect(s).toEqual({ refused: '400' });
    expect(r).not.toEqual(s);
  });

  it('keeps a header named __proto__, which node:http loses (its headers object has a prototype)', async () => {
    const { reference: r, simulator: s } = await both(raw(`${GET}__proto__: p\r\n\r\n`));
    expect(s).toEqual({
      handled: { method: 'GET', url: '/?a=1', headers: { host: 'x', ['__proto__']: 'p' }, body: '' },
    });
    expect(withoutProto(s)).toEqual(r);
  });

  it('agrees on 150 requests drawn from the fuzz plans', async () => {
    const plans = fc.sample(plan, { seed: FUZZ_SEED, numRuns: 150 });
    let nonce = 0;
    const ctx = { host: '127.0.0.1', now: () => Date.now(), nonce: () => `diff-${++nonce}` };
    let handled = 0;
    for (const p of plans) {
      for (const b of await build(p, ctx)) {
        const bytes = bytesOf(b);
        const { reference: r, simulator: s } = await both(bytes);
        expect(withoutProto(s), bytes.toString('latin1').slice(0, 400)).toEqual(r);
        if ('handled' in s) handled++;
      }
    }
    // The corpus reaches the handlers, not only the refusals.
    expect(handled).toBeGreaterThan(100);
  });
});
