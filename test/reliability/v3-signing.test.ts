/**
 * Signature V3 as the real SDKs sign it (captures of Java, @alicloud/ecs20140526 and Tea Python in
 * test/fixtures/captures-v3, copied from the shared reference captures): every capture verifies, whatever its
 * SignedHeaders (Java leaves out host); an x-acs-* header left unsigned is an incomplete signature; a body is
 * read as parameters only when its content-type is signed; the timestamp edges are ±900 s either way.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { Clock } from '../../src/core/clock.js';
import { Simulator } from '../../src/core/simulator.js';
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET } from '../../src/core/world-document.js';
import { createSimulatorServer, listen } from '../../src/node/server.js';
import { handleApiRequest } from '../../src/protocol/handle-api.js';
import { nodeHasher } from '../../src/protocol/node-hasher.js';
import { signV1Request, timestampOf, V3_SIGNED_HEADERS } from '../../src/protocol/sign-request.js';
import { signV3 } from '../../src/protocol/signature-v3.js';
import type { WireRequest } from '../../src/protocol/wire.js';

const CAPTURES = new URL('../fixtures/captures-v3/', import.meta.url);
const names = readdirSync(CAPTURES).filter((f) => f.endsWith('.http'));

class At implements Clock {
  constructor(readonly t: number) {}
  now(): number {
    return this.t;
  }
}

/** Sends raw bytes; the whole answer once the server ends the connection. */
function exchange(port: number, bytes: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let data = '';
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => {
      data += d;
    });
    socket.on('end', () => resolve(data));
    socket.on('error', reject);
    socket.end(bytes);
  });
}

describe('V3 captures of real SDKs', () => {
  it('has the captures', () => {
    expect(names.length).toBeGreaterThanOrEqual(7);
  });

  it.each(names)('%s verifies over a socket, as sent', async (name) => {
    const bytes = readFileSync(new URL(name, CAPTURES));
    const date = /x-acs-date: (\S+)/i.exec(bytes.toString('latin1'))?.[1] as string;
    const sim = new Simulator({ wallClock: new At(Date.parse(date) + 500) });
    const server = createSimulatorServer(sim);
    const { port } = await listen(server, 0, '127.0.0.1');
    // One request per connection: the capture may keep it alive, so the server is told the client is done.
    const answer = await exchange(port, bytes);
    server.closeAllConnections();
    server.close();
    expect(answer).toMatch(/^HTTP\/1\.1 /);
    const [entry] = sim.journal.list();
    expect(entry?.signature, answer.slice(0, 600)).toEqual({ version: 'V3', verdict: 'valid' });
    // The signature passed, and the call is answered on the default world's d-capture-0001: a snapshot, but for
    // the -encprobe calls, whose Category with InstantAccess=true today's page refuses.
    expect(entry?.answer.code).toBe(
      name.includes('-encprobe') ? 'InvalidCategoryAndInstantAccess.Malformed' : undefined,
    );
  });
});

const NOW = Date.UTC(2026, 11, 1, 9, 0, 0) + 500;
let nonce = 0;

/** A V3 POST with `body`, signing `signedHeaders`, and extra headers sent after signing. */
async function v3(
  sim: Simulator,
  options: {
    query?: Array<[string, string]>;
    body?: string;
    signed?: readonly string[];
    headers?: Record<string, string>;
    unsigned?: Record<string, string>;
  },
) {
  const headers: Record<string, string> = {
    host: 'ecs.aliyuncs.com',
    'x-acs-action': 'CreateSnapshot',
    'x-acs-version': '2014-05-26',
    'x-acs-date': timestampOf(new Date(NOW - 500)),
    'x-acs-signature-nonce': `v3-${++nonce}`,
    accept: 'application/json',
    ...options.headers,
  };
  const query = options.query ?? [];
  const body = options.body ?? '';
  const signedHeaders = options.signed ?? V3_SIGNED_HEADERS;
  const signed = await signV3(nodeHasher, {
    method: 'POST',
    query,
    headers,
    signedHeaders,
    body,
    accessKeyId: DEFAULT_ACCESS_KEY_ID,
    accessKeySecret: DEFAULT_ACCESS_KEY_SECRET,
  });
  const all: Record<string, string> = {
    ...headers,
    'x-acs-content-sha256': signed.contentSha256,
    authorization: signed.authorization,
    ...options.unsigned,
  };
  const search = new URLSearchParams(query).toString();
  const wire: WireRequest = {
    method: 'POST',
    url: `/${search === '' ? '' : `?${search}`}`,
    header: (name) => all[name],
    headerNames: () => Object.keys(all),
    body,
  };
  const answer = await handleApiRequest(sim, wire, { hasher: nodeHasher });
  return { status: answer.status, body: JSON.parse(answer.body) as Record<string, string> };
}

describe('V3 as the real SDKs sign it', () => {
  it('refuses an x-acs-* header left out of SignedHeaders as an incomplete signature', async () => {
    const sim = new Simulator({ wallClock: new At(NOW) });
    const ok = await v3(sim, { query: [['DiskId', 'd-healthy']] });
    expect(ok.status).toBe(200);
    const unsigned = await v3(sim, { query: [['DiskId', 'd-available']], unsigned: { 'x-acs-security-token': 'x' } });
    expect(unsigned.body.Code).toBe('IncompleteSignature');
  });

  it('reads a body as parameters only when its content-type is signed', async () => {
    const sim = new Simulator({ wallClock: new At(NOW) });
    const body = 'DiskId=d-healthy';
    // The attack: the signed bytes, an unsigned content-type that makes them parameters.
    const attack = await v3(sim, { body, unsigned: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(attack.body).toMatchObject({ Code: 'MissingParameter' });
    expect(sim.journal.list().at(-1)?.parameters.DiskId).toBeUndefined();
    // As Java sends it: content-type signed.
    const signed = await v3(sim, {
      body,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      signed: ['content-type', ...V3_SIGNED_HEADERS],
    });
    expect(signed.status).toBe(200);
  });
});

describe('timestamp edges', () => {
  it.each([
    [-900, true],
    [900, true],
    [-901, false],
    [901, false],
  ])('a timestamp %i s from the wall clock is accepted: %s', async (offset, accepted) => {
    // The wall clock half a second into its second: whole seconds either way count the same.
    const sim = new Simulator({ wallClock: new At(NOW) });
    const signed = await signV1Request({
      hasher: nodeHasher,
      credentials: { accessKeyId: DEFAULT_ACCESS_KEY_ID, accessKeySecret: DEFAULT_ACCESS_KEY_SECRET },
      params: { Format: 'JSON', DiskId: 'd-healthy' },
      host: 'ecs.aliyuncs.com',
      nonce: `edge-${offset}`,
      date: new Date(NOW - 500 + offset * 1000),
    });
    const answer = await handleApiRequest(
      sim,
      { method: signed.method, url: signed.url, header: () => undefined, body: signed.body },
      { hasher: nodeHasher },
    );
    const code = (JSON.parse(answer.body) as { Code?: string }).Code;
    if (accepted) expect(answer.status, code).toBe(200);
    else expect(code).toBe('InvalidTimeStamp.Expired');
  });
});
