/**
 * Limits over real sockets: requests over x-assumptions.limits get the documented InvalidParameter naming
 * what is too large, early; the largest valid request is not refused; slow and half-sent requests are closed
 * after the timeouts without holding the server.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assumptions } from '../../src/catalogue.js';
import { Simulator } from '../../src/core/simulator.js';
import { createSimulatorServer, listen } from '../../src/node/server.js';
import { call, expectError, expectSuccess } from '../support/call.js';
import type { Target } from '../support/targets.js';

const { limits } = assumptions;
const sim = new Simulator({ wallClock: Date });
const server = createSimulatorServer(sim, { headersTimeoutMs: 400, requestTimeoutMs: 600 });
let port = 0;
let target: Target;

beforeAll(async () => {
  port = (await listen(server, 0, '127.0.0.1')).port;
  const base = `http://127.0.0.1:${port}`;
  target = {
    name: 'http',
    host: `127.0.0.1:${port}`,
    send: async (r) => {
      const { host: _h, ...headers } = r.headers;
      const res = await fetch(`${base}${r.url}`, { method: r.method, headers, ...(r.body ? { body: r.body } : {}) });
      const body = await res.text();
      return {
        host: `127.0.0.1:${port}`,
        status: res.status,
        contentType: res.headers.get('content-type') ?? '',
        requestIdHeader: res.headers.get('x-acs-request-id') ?? undefined,
        body,
      };
    },
    control: undefined as never,
    close: async () => {},
  };
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

/** Sends raw bytes on a socket; resolves with what came back and whether the server closed the connection. */
function raw(bytes: string, waitMs: number): Promise<{ data: string; closedAfterMs: number | undefined }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const started = performance.now();
    let data = '';
    let closedAfterMs: number | undefined;
    socket.on('data', (d) => {
      data += d;
    });
    socket.on('close', () => {
      closedAfterMs = performance.now() - started;
      resolve({ data, closedAfterMs });
    });
    socket.on('error', () => {});
    socket.write(bytes);
    setTimeout(() => {
      socket.destroy();
      resolve({ data, closedAfterMs });
    }, waitMs);
  });
}

/** The answer's Code and Message, JSON or XML (what the parser refuses is answered in the default format, XML). */
const bodyOf = (data: string) => {
  const text = data.slice(data.indexOf('\r\n\r\n') + 4);
  if (text.startsWith('{')) return JSON.parse(text) as { Code: string; Message: string };
  const tag = (name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(text)?.[1];
  return { Code: tag('Code'), Message: tag('Message')?.replace(/&quot;/g, '"') };
};

describe('limits', () => {
  it('accepts the largest valid request: 20 tags of 128 Chinese characters, a 128-character name, a 256-character description', async () => {
    const params: Record<string, string> = {
      DiskId: 'd-healthy',
      SnapshotName: `名${'称'.repeat(127)}`,
      Description: '述'.repeat(256),
    };
    for (let i = 1; i <= 20; i++) {
      params[`Tag.${i}.Key`] = `键${String(i).padStart(2, '0')}${'键'.repeat(125)}`;
      params[`Tag.${i}.Value`] = '值'.repeat(128);
    }
    expectSuccess(await call(target, params));
  });

  it('refuses a URL over the limit, naming it', async () => {
    const answer = await call(target, { DiskId: 'd-healthy', Padding: 'x'.repeat(limits.maxUrlBytes) });
    expect(expectError(answer, 'InvalidParameter').Message).toContain('"URL"');
  });

  it('refuses a header section too large for the parser with the same documented error', async () => {
    const { data } = await raw(`GET /?${'a=1&'.repeat(25_000)} HTTP/1.1\r\nHost: x\r\n\r\n`, 2000);
    expect(data).toMatch(/^HTTP\/1\.1 400/);
    expect(bodyOf(data)).toMatchObject({
      Code: 'InvalidParameter',
      Message: 'The specified parameter "headers" is not valid.',
    });
  });

  it('refuses a body over the limit early, without reading it all', async () => {
    const head = `POST / HTTP/1.1\r\nHost: x\r\nAccept: application/json\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${limits.maxBodyBytes * 8}\r\n\r\n`;
    const { data, closedAfterMs } = await raw(head + 'a'.repeat(limits.maxBodyBytes + 10), 3000);
    expect(bodyOf(data)).toMatchObject({
      Code: 'InvalidParameter',
      Message: 'The specified parameter "request body" is not valid.',
    });
    expect(closedAfterMs).toBeDefined();
  });

  it('journals a request the HTTP layer refused, with what arrived of it, bounded', async () => {
    const { data } = await raw(
      `POST /?Action=CreateSnapshot&${'p'.repeat(1000)} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n`,
      2000,
    );
    expect(bodyOf(data).Code).toBe('InvalidParameter');
    const requestId = /<RequestId>([^<]+)</.exec(data)?.[1];
    const entry = sim.journal.list().find((e) => e.answer.requestId === requestId);
    expect(entry).toMatchObject({
      method: 'POST',
      answer: { status: 400, code: 'InvalidParameter' },
      refused: { what: 'request body', reason: 'HPE_INVALID_CHUNK_SIZE' },
    });
    expect(entry?.refused?.target?.startsWith('/?Action=CreateSnapshot&ppp')).toBe(true);
    expect(entry?.refused?.target?.length).toBeLessThanOrEqual(257);
  });

  it('refuses more headers than the limit', async () => {
    const headers = Array.from({ length: limits.maxHeaders + 5 }, (_, i) => `x-pad-${i}: ${i}\r\n`).join('');
    const { data } = await raw(
      `GET /?Action=CreateSnapshot&Format=JSON HTTP/1.1\r\nHost: x\r\n${headers}Connection: close\r\n\r\n`,
      2000,
    );
    expect(bodyOf(data)).toMatchObject({
      Code: 'InvalidParameter',
      Message: 'The specified parameter "headers" is not valid.',
    });
  });

  it('refuses more parameters than the limit', async () => {
    const params: Record<string, string> = { DiskId: 'd-healthy' };
    for (let i = 0; i < limits.maxParameters; i++) params[`P${i}`] = '1';
    expect(expectError(await call(target, params), 'InvalidParameter').Message).toContain('"parameters"');
  });

  it('closes slow and half-sent requests after the timeouts, and keeps serving others meanwhile', async () => {
    const slow = raw('GET /?Action=CreateSnapshot HTTP/1.1\r\nHost: x\r\n', 5000);
    const halfBody = raw(
      'POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nDiskId=d-1',
      5000,
    );
    expectSuccess(await call(target, { DiskId: 'd-available' }));
    const [a, b] = await Promise.all([slow, halfBody]);
    expect(a.closedAfterMs, 'slow headers').toBeLessThan(4000);
    expect(b.closedAfterMs, 'half-sent body').toBeLessThan(4000);
    expectSuccess(await call(target, { DiskId: 'd-expired' }));
  });
});
