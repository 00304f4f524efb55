import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { providerWorld, unreachable } from './verify-provider.js';

const servers: Array<ReturnType<typeof createServer>> = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse, body: string) => void): Promise<string> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => {
      body += d;
    });
    req.on('end', () => handler(req, res, body));
  });
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

it('takes any HTTP answer as reachable, and names why a URL is not', async () => {
  const url = await serve((_req, res) => res.writeHead(404).end());
  expect(await unreachable(url, undefined, 1000)).toBeUndefined();
  const closed = await serve(() => {});
  servers.pop()?.close();
  await new Promise((r) => setTimeout(r, 10));
  expect(await unreachable(url, `${closed}/state`, 1000)).toMatch(
    /cannot reach the state-change URL .* \(ECONNREFUSED\)/,
  );
  expect(await unreachable('http://127.0.0.1:6000', undefined, 1000)).toMatch(/"bad port"/);
});

it('puts back the world it found, byte for byte, on a provider with /_sim/world', async () => {
  const found = '{"now":"2026-01-01T00:00:00.000Z","disks":[{"diskId":"d-1"}]}';
  let put: string | undefined;
  const url = await serve((req, res, body) => {
    if (req.method === 'PUT') put = body;
    res.writeHead(200, { 'content-type': 'application/json' }).end(found);
  });
  const world = await providerWorld(url, 1000);
  expect(await world?.restore()).toContain("the provider's world is back");
  expect(put).toBe(found);
});

it('knows no world of a provider without /_sim/world, or whose answer is no World document', async () => {
  expect(await providerWorld(await serve((_req, res) => res.writeHead(404).end('no')), 1000)).toBeUndefined();
  expect(await providerWorld(await serve((_req, res) => res.writeHead(200).end('{"a":1}')), 1000)).toBeUndefined();
});
