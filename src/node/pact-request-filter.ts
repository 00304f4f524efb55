/**
 * The Pact verifier's request filter (an Express middleware in pact-js's proxy): re-signs every replayed
 * request with the given credentials. The proxy hands on `req.body` as a Buffer, or JSON-encodes an
 * object (a parsed form body), so the body is always set back as the exact bytes that were signed.
 */
import type { IncomingMessage } from 'node:http';
import { resign } from '../contracts/resign.js';
import type { Hasher } from '../protocol/hash.js';
import { nodeHasher } from '../protocol/node-hasher.js';
import { percentEncode } from '../protocol/percent-encode.js';
import type { Credentials } from '../protocol/sign-request.js';

type ProxiedRequest = IncomingMessage & { body?: unknown; url: string };

function bodyText(req: ProxiedRequest): string {
  const body = req.body;
  if (body === undefined || body === null) return '';
  if (Buffer.isBuffer(body)) return body.toString('utf8');
  if (typeof body === 'string') return body;
  if (typeof body === 'object') {
    // body-parser's urlencoded() already parsed a form: put it back on the wire.
    const entries = Object.entries(body as Record<string, unknown>);
    if (entries.length === 0) return '';
    return entries.map(([k, v]) => `${percentEncode(k)}=${percentEncode(String(v))}`).join('&');
  }
  return '';
}

export function pactRequestFilter(credentials: Credentials, hasher: Hasher = nodeHasher) {
  return (req: ProxiedRequest, _res: unknown, next: (error?: unknown) => void): void => {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
    resign({ method: req.method ?? 'GET', url: req.url, headers, body: bodyText(req) }, credentials, hasher).then(
      (signed) => {
        req.url = signed.url;
        for (const [k, v] of Object.entries(signed.headers)) req.headers[k] = v;
        const bytes = Buffer.from(signed.body, 'utf8');
        req.body = bytes;
        req.headers['content-length'] = String(bytes.length);
        next();
      },
      next,
    );
  };
}
