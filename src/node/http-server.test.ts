/** The HTTP/1.1 layer over real sockets, byte by byte where it matters: framing, pipelining, refusals, timeouts. */
import { type AddressInfo, connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpRequest } from './http-request.js';
import { type Arrived, createHttpServer, type HttpOptions, type Refusal } from './http-server.js';

const seen: HttpRequest[] = [];
const refusals: Arrived[] = [];
const options: HttpOptions = {
  handle: (req) => {
    seen.push(req);
    const echo = {
      status: 200,
      headers: { 'content-type': 'text/plain' },
      body: `${req.method} ${req.url} ${req.bodyBytesRaw === undefined ? '-' : req.body} ${req.bodyBytes}`,
    };
    if (req.url === '/throw') throw new Error('planted');
    if (req.url === '/reject') return Promise.reject(new Error('planted'));
    if (req.url.startsWith('/slow')) return new Promise((resolve) => setTimeout(() => resolve(echo), 50));
    if (req.url === '/header') return { ...echo, body: JSON.stringify(req.headers) };
    if (req.url === '/large') return { ...echo, body: 'b'.repeat(64 * 1024 * 1024) };
    return echo;
  },
  refuse: (what: Refusal, arrived: Arrived) => {
    refusals.push(arrived);
    return { status: 400, headers: {}, body: `refused: ${what}` };
  },
  onError: () => ({ status: 500, headers: {}, body: 'failed' }),
  maxHeadBytes: 2048,
  maxBodyBytes: 100,
  maxWireBytes: 2048 + 2 * 100,
  maxOutputBytes: 64 * 1024,
  writeTimeoutMs: 800,
  headersTimeoutMs: 300,
  requestTimeoutMs: 500,
  keepAliveTimeoutMs: 400,
};
const server = createHttpServer(options);
let port = 0;
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Splits what came back into answers, by their content-length (`head`: the requests were HEAD, no bodies). */
function answers(data: string, head = false): Answer[] {
  const out: Answer[] = [];
  let at = 0;
  while (at < data.length) {
    const end = data.indexOf('\r\n\r\n', at);
    if (end === -1) throw new Error(`incomplete answer: ${JSON.stringify(data.slice(at))}`);
    const [line, ...fields] = data.slice(at, end).split('\r\n');
    const headers = Object.fromEntries(fields.map((f) => [f.slice(0, f.indexOf(':')), f.slice(f.indexOf(':') + 2)]));
    const length = head || line?.includes(' 100 ') ? 0 : Number(headers['content-length']);
    out.push({ status: Number(line?.split(' ')[1]), headers, body: data.slice(end + 4, end + 4 + length) });
    at = end + 4 + length;
  }
  return out;
}

/**
 * Writes `parts` one after another (a pause between them), then collects what comes back until the server
 * closes the connection or `waitMs` passes.
 */
function exchange(
  parts: string[],
  waitMs = 1500,
  gapMs = 0,
  /** The client reads nothing for this long. */
  deafMs = 0,
): Promise<{ data: string; closed: boolean; closedAfterMs: number }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const started = performance.now();
    let data = '';
    let done = false;
    const finish = (closed: boolean) => {
      if (done) return;
      done = true;
      socket.destroy();
      resolve({ data, closed, closedAfterMs: performance.now() - started });
    };
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => {
      data += d;
    });
    if (deafMs > 0) {
      socket.pause();
      setTimeout(() => socket.resume(), deafMs);
    }
    socket.on('close', () => finish(true));
    socket.on('error', () => {});
    setTimeout(() => finish(false), waitMs);
    void (async () => {
      for (const part of parts) {
        if (socket.destroyed) return;
        socket.write(part, 'latin1');
        if (gapMs > 0) await new Promise((r) => setTimeout(r, gapMs));
      }
    })();
  });
}

const get = (path: string, extra = '') => `GET ${path} HTTP/1.1\r\nHost: x\r\n${extra}\r\n`;

describe('the HTTP/1.1 server on llhttp', () => {
  it('answers pipelined requests in order, waiting for an asynchronous answer', async () => {
    const { data } = await exchange([get('/a') + get('/slow') + get('/c', 'Connection: close\r\n')]);
    const got = answers(data);
    expect(got.map((a) => a.body)).toEqual(['GET /a - 0', 'GET /slow - 0', 'GET /c - 0']);
    expect(got.map((a) => a.headers.connection)).toEqual(['keep-alive', 'keep-alive', 'close']);
    expect(got[0]?.headers.date).toMatch(/GMT$/);
  });

  it('reads a request sent a byte at a time', async () => {
    const request = `POST /p HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello`;
    const { data } = await exchange([...request], 3000, 1);
    expect(answers(data).map((a) => a.body)).toEqual(['POST /p hello 5']);
  });

  it('decodes a chunked body with extensions and trailers, and goes on with the next request', async () => {
    const body = '3;ext=1\r\nabc\r\nA\r\n0123456789\r\n0\r\nX-Trailer: t\r\n\r\n';
    const { data } = await exchange([
      `POST /chunked HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: Chunked\r\n\r\n${body}${get('/next', 'Connection: close\r\n')}`,
    ]);
    expect(answers(data).map((a) => a.body)).toEqual(['POST /chunked abc0123456789 13', 'GET /next - 0']);
  });

  it('sends 100 Continue when asked, before the body arrives', async () => {
    const head =
      'POST /e HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\nConnection: close\r\n\r\n';
    const { data } = await exchange([head, 'ok'], 1500, 100);
    expect(answers(data).map((a) => [a.status, a.body])).toEqual([
      [100, ''],
      [200, 'POST /e ok 2'],
    ]);
  });

  it('answers HEAD with the headers of the body, without the body', async () => {
    const { data } = await exchange([`HEAD /h HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`]);
    expect(data).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(data).toContain(`content-length: ${'HEAD /h - 0'.length}\r\n`);
    expect(data.endsWith('\r\n\r\n')).toBe(true);
  });

  it('closes HTTP/1.0 connections unless asked to keep them', async () => {
    const closed = await exchange(['GET /old HTTP/1.0\r\n\r\n']);
    expect(closed.closed).toBe(true);
    expect(answers(closed.data)[0]?.headers.connection).toBe('close');
    const kept = await exchange(['GET /old HTTP/1.0\r\nConnection: keep-alive\r\n\r\n'], 200);
    expect(kept.closed).toBe(false);
    expect(answers(kept.data)[0]?.headers.connection).toBe('keep-alive');
  });

  it('answers everything a client sent before it stopped sending, then ends', async () => {
    const ended = await new Promise<string>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      let data = '';
      socket.setEncoding('latin1');
      socket.on('data', (d: string) => {
        data += d;
      });
      socket.on('end', () => resolve(data));
      socket.end(get('/1') + get('/slow') + get('/3'));
    });
    expect(answers(ended).map((a) => a.body)).toEqual(['GET /1 - 0', 'GET /slow - 0', 'GET /3 - 0']);
  });

  it('answers nothing after Connection: close', async () => {
    const { data, closed } = await exchange([get('/1', 'Connection: close\r\n') + get('/2')]);
    expect(closed).toBe(true);
    expect(answers(data).map((a) => a.body)).toEqual(['GET /1 - 0']);
  });

  it.each([
    ['a malformed request line', 'GET /a b HTTP/1.1\r\nHost: x\r\n\r\n', 'URL'],
    ['an unknown HTTP version', 'GET / HTTP/2.0\r\nHost: x\r\n\r\n', 'URL'],
    ['an unknown method', 'FOO / HTTP/1.1\r\nHost: x\r\n\r\n', 'URL'],
    ['CONNECT', 'CONNECT x:1 HTTP/1.1\r\nHost: x\r\n\r\n', 'URL'],
    ['a request with LF-only line ends', 'GET / HTTP/1.1\nHost: x\n\n', 'URL'],
    ['obs-fold', 'GET / HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n folded\r\n\r\n', 'headers'],
    ['a space before the colon', 'GET / HTTP/1.1\r\nHost: x\r\nX-A : 1\r\n\r\n', 'headers'],
    ['a bare LF in a header line', 'GET / HTTP/1.1\r\nHost: x\r\nX-A: 1\nX-B: 2\r\n\r\n', 'headers'],
    ['a bare CR in a header line', 'GET / HTTP/1.1\r\nHost: x\r\nX-A: 1\rX-B: 2\r\n\r\n', 'headers'],
    ['a control character in a value', 'GET / HTTP/1.1\r\nHost: x\r\nX-A: a\u0001b\r\n\r\n', 'headers'],
    ['HTTP/1.1 without Host', 'GET / HTTP/1.1\r\nX-A: 1\r\n\r\n', 'headers'],
    ['two Hosts', 'GET / HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n', 'headers'],
    [
      'Content-Length with Transfer-Encoding',
      'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n',
      'headers',
    ],
    [
      'two different Content-Lengths',
      'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n',
      'headers',
    ],
    ['a Content-Length that is not a number', 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1x\r\n\r\n', 'headers'],
    ['VT after Content-Length', 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\u000b\r\n\r\na', 'headers'],
    ['VT before Content-Length', 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length:\u000b1\r\n\r\na', 'headers'],
    [
      'FF after Transfer-Encoding',
      'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\u000c\r\n\r\n0\r\n\r\n',
      'headers',
    ],
    [
      'a transfer coding other than chunked',
      'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n',
      'headers',
    ],
    [
      'gzip before chunked',
      'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n',
      'headers',
    ],
    ['a head over the limit', `GET /${'a'.repeat(3000)} HTTP/1.1\r\nHost: x\r\n\r\n`, 'headers'],
    ['a bad chunk size', 'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n', 'request body'],
    [
      'NBSP after a chunk size',
      'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\u00a0\r\nabc\r\n0\r\n\r\n',
      'request body',
    ],
    [
      'a bare CR in a chunk extension',
      'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3;a\rb\r\nabc\r\n0\r\n\r\n',
      'request body',
    ],
    [
      'NUL in a chunk extension',
      'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3;a\u0000b\r\nabc\r\n0\r\n\r\n',
      'request body',
    ],
    [
      'chunk extensions past the bytes a request may have',
      `POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n${`1;${'e'.repeat(500)}\r\na\r\n`.repeat(6)}`,
      'request body',
    ],
    [
      'trailers past the bytes a request may have',
      `POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n0\r\n${'X-T: t\r\n'.repeat(400)}`,
      'request body',
    ],
  ])('refuses %s, naming it, and closes the connection', async (_name, request, what) => {
    const { data, closed } = await exchange([request, get('/after')]);
    expect(closed).toBe(true);
    const got = answers(data);
    expect(got.map((a) => [a.status, a.body, a.headers.connection])).toEqual([[400, `refused: ${what}`, 'close']]);
  });

  it('tells what had arrived of a refused request, bounded', async () => {
    refusals.length = 0;
    await exchange([`POST /${'p'.repeat(600)}?q=1 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n`]);
    const [arrived] = refusals;
    expect(arrived?.method).toBe('POST');
    expect(arrived?.reason).toBe('HPE_INVALID_CHUNK_SIZE');
    expect(arrived?.target?.startsWith('/ppp')).toBe(true);
    expect(arrived?.target?.length).toBeLessThanOrEqual(257);
    expect(arrived?.near).toContain('zz');
    refusals.length = 0;
    await exchange(['GET /a b HTTP/1.1\r\nHost: x\r\n\r\n']);
    expect(refusals).toEqual([
      { reason: 'HPE_INVALID_CONSTANT', method: 'GET', target: '/a b', near: 'GET /a b HTTP/1.1\r\nHost: x\r\n\r\n' },
    ]);
    // As fog-aliyun sends it (spaces raw in the query), in two writes: what arrived is still told.
    refusals.length = 0;
    await exchange(['GET /?Description=Nightly backup HT', 'TP/1.1\r\nHost: x\r\n\r\n'], 1500, 50);
    expect(refusals[0]).toMatchObject({ method: 'GET', target: '/?Description=Nightly backup HT' });
  });

  it('answers a HEAD it refuses without a body, also when the parser stopped in its request line', async () => {
    for (const request of [
      `HEAD /\u00ff HTTP/1.1\r\nHost: x\r\n\r\n`,
      `${get('/a')}HEAD /\u00ff${'x'.repeat(100)} HTTP/1.1\r\nHost: x\r\n\r\n`,
      `HEAD / HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n folded\r\n\r\n`,
      `${get('/a')}HEAD / HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n folded\r\n\r\n`,
    ]) {
      const { data } = await exchange([request]);
      const refused = data.slice(data.lastIndexOf('HTTP/1.1 400'));
      expect(refused, JSON.stringify(request)).toMatch(/^HTTP\/1\.1 400 .*\r\n\r\n$/s);
    }
  });

  it('writes 100 Continue only after the answers to earlier pipelined requests', async () => {
    const head =
      'POST /e HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\nConnection: close\r\n\r\n';
    const { data } = await exchange([get('/slow') + head, 'ok'], 1500, 200);
    expect(answers(data).map((a) => [a.status, a.body])).toEqual([
      [200, 'GET /slow - 0'],
      [100, ''],
      [200, 'POST /e ok 2'],
    ]);
  });

  it('stops reading a client that does not read its answers, and closes it after the write timeout', async () => {
    // Each answer is over 1 KiB: 20,000 of them are far more than maxOutputBytes (64 KiB) and the socket buffers.
    const requests = get(`/${'x'.repeat(1000)}`).repeat(20_000);
    const before = seen.length;
    const { closed, closedAfterMs } = await exchange([requests], 10_000, 0, 60_000);
    expect(closed).toBe(true);
    expect(closedAfterMs).toBeGreaterThan(700);
    // Reading stopped once the answers waiting were over the bound: far from all 20,000 were read.
    expect(seen.length - before).toBeLessThan(5000);
  });

  it('keeps a client that reads a large answer slowly, past the write timeout', async () => {
    // 64 MiB, more than the kernel buffers: the server hands it over slice by slice (1 MiB) as the client
    // reads. The client reads its first 24 MiB slowly (about 1 MiB every 100 ms: far longer than the write
    // timeout in all, never that long for one slice), then the rest at full speed.
    const received = await new Promise<{ bytes: number; ms: number }>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      const started = performance.now();
      let bytes = 0;
      socket.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes > 24 * 1024 * 1024) return;
        socket.pause();
        setTimeout(() => socket.resume(), 5);
      });
      socket.on('close', () => resolve({ bytes, ms: performance.now() - started }));
      socket.end(get('/large'));
    });
    expect(received.bytes).toBeGreaterThan(64 * 1024 * 1024);
    expect(received.ms).toBeGreaterThan(options.writeTimeoutMs);
  }, 30_000);

  it('hands a body over the limit on at once, unread, then closes the connection', async () => {
    const declared = await exchange(['POST /big HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\nabc']);
    expect(declared.closed).toBe(true);
    expect(answers(declared.data).map((a) => a.body)).toEqual(['POST /big - 5000']);
    const chunked = await exchange([
      `POST /big HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n${'40\r\n'}${'a'.repeat(64)}\r\n40\r\n${'b'.repeat(64)}\r\n`,
    ]);
    expect(chunked.closed).toBe(true);
    expect(answers(chunked.data).map((a) => a.body)).toEqual(['POST /big - 128']);
  });

  it('reads repeated headers as node:http does, and headers named like Object.prototype members', async () => {
    const { data } = await exchange([
      get(
        '/header',
        'X-Rep: 1\r\nX-Rep: 2\r\nAuthorization: first\r\nAuthorization: second\r\nCookie: a=1\r\nCookie: b=2\r\nconstructor: c\r\nConnection: close\r\n',
      ),
    ]);
    const headers = JSON.parse(answers(data)[0]?.body ?? '{}') as Record<string, string>;
    expect(headers).toMatchObject({ 'x-rep': '1, 2', authorization: 'first', cookie: 'a=1; b=2', constructor: 'c' });
    expect(seen.at(-1)?.headerCount).toBe(9);
  });

  it('answers with onError when the handler throws or rejects, and keeps the connection', async () => {
    const { data } = await exchange([get('/throw') + get('/reject') + get('/ok', 'Connection: close\r\n')]);
    expect(answers(data).map((a) => [a.status, a.body])).toEqual([
      [500, 'failed'],
      [500, 'failed'],
      [200, 'GET /ok - 0'],
    ]);
  });

  it('answers 5,000 pipelined requests in order from a client that reads nothing for a while', async () => {
    // About 5 MB of answers: more than the socket buffers hold, so the server must wait for the client to read.
    const n = 5000;
    const requests = Array.from({ length: n }, (_, i) => get(`/${i}${'x'.repeat(1000)}`)).join('');
    const { data } = await exchange([requests + get('/end', 'Connection: close\r\n')], 15_000, 0, 500);
    const got = answers(data);
    expect(got).toHaveLength(n + 1);
    expect(got.every((a, i) => a.body.startsWith(i === n ? 'GET /end' : `GET /${i}x`))).toBe(true);
  });

  it('closes a connection whose headers, or whose body, do not arrive in time, and an idle one', async () => {
    const slowHead = exchange(['GET / HTTP/1.1\r\nHost: x\r\n'], 3000);
    const slowBody = exchange(['POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc'], 3000);
    const idle = exchange([get('/idle')], 3000);
    const [head, body, quiet] = await Promise.all([slowHead, slowBody, idle]);
    expect(head.closed && head.data).toBe('');
    expect(head.closedAfterMs).toBeLessThan(1500);
    expect(body.closed && body.data).toBe('');
    expect(body.closedAfterMs).toBeLessThan(1500);
    expect(quiet.closed).toBe(true);
    expect(answers(quiet.data).map((a) => a.body)).toEqual(['GET /idle - 0']);
  });
});
