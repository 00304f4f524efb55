/**
 * Sending a built request over a real socket with node:http (headers as built, __proto__ included; chunked
 * when asked), and the answer that came, or why none did.
 */
import { type Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { Built } from './plans.js';

export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** Set when no answer came (timeout, reset...). */
  error?: string;
}

export function send(agent: Agent, port: number, req: Built, timeoutMs: number, retried = false): Promise<HttpAnswer> {
  // No prototype: a header named __proto__ is sent like any other.
  const headers: Record<string, string | string[]> = Object.create(null);
  for (const [name, value] of req.headers) {
    const had = headers[name];
    headers[name] = had === undefined ? value : Array.isArray(had) ? [...had, value] : [had, value];
  }
  if (req.body.length > 0 || req.zeroLength) {
    if (req.chunked) headers['transfer-encoding'] = 'chunked';
    else headers['content-length'] = String(req.body.length);
  }
  return new Promise((resolve) => {
    let settled = false;
    const done = (answer: HttpAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(answer);
    };
    const r = httpRequest({ host: '127.0.0.1', port, method: req.method, path: req.path, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', (e) => done({ status: 0, headers: {}, body: '', error: `response: ${e.message}` }));
      res.on('end', () =>
        done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    const timer = setTimeout(() => r.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    r.on('error', (e: NodeJS.ErrnoException) => {
      // A kept-alive socket the server closed just before we reused it: that request never reached it.
      if (!retried && r.reusedSocket && e.code === 'ECONNRESET') {
        clearTimeout(timer);
        settled = true;
        send(agent, port, req, timeoutMs, true).then(resolve);
        return;
      }
      done({ status: 0, headers: {}, body: '', error: `${e.code ?? ''} ${e.message}`.trim() });
    });
    if (req.chunked && req.body.length > 1) {
      const half = Math.floor(req.body.length / 2);
      r.write(req.body.subarray(0, half));
      r.end(req.body.subarray(half));
    } else r.end(req.body.length > 0 ? req.body : undefined);
  });
}
