/**
 * The control plane as a web page or a rebound DNS name would try it (issue "Safe to run anywhere"): a foreign
 * Host, a cross-site form's Content-Type, a foreign Origin, a missing token; names that are properties of every
 * object; and control inputs that would break the world or the clock. Each refused, changing nothing.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Simulator } from '../../src/core/simulator.js';
import { InvalidControlInput, simulatorControls } from '../../src/msw/index.js';
import { createSimulatorServer, listen, type SimulatorServer } from '../../src/node/server.js';
import { controlHosts } from '../../src/protocol/control-plane.js';

const sim = new Simulator({ wallClock: Date });
const guarded = new Simulator({ wallClock: Date });
let server: SimulatorServer;
let tokenServer: SimulatorServer;
let port = 0;
let tokenPort = 0;
const TOKEN = 'a-control-token-of-some-length';

beforeAll(async () => {
  server = createSimulatorServer(sim, { controlGuard: { hosts: controlHosts('127.0.0.1', ['sim.test']) } });
  tokenServer = createSimulatorServer(guarded, { controlGuard: { hosts: controlHosts('127.0.0.1'), token: TOKEN } });
  port = (await listen(server, 0, '127.0.0.1')).port;
  tokenPort = (await listen(tokenServer, 0, '127.0.0.1')).port;
});
afterAll(() => {
  for (const s of [server, tokenServer]) {
    s.closeAllConnections();
    s.close();
  }
});

interface Sent {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  to?: number;
}

function send({ method = 'GET', path, headers = {}, body, to = port }: Sent) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: to, method, path, headers }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => {
        text += c.toString('utf8');
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const json = { 'content-type': 'application/json' };
const worldNow = async () => (JSON.parse((await send({ path: '/_sim/world' })).body) as { now: string }).now;
/** The world's clock runs with the wall clock: "unchanged" is within a minute of it, not a day or more ahead. */
const expectClockUnmoved = async () => expect(Math.abs(Date.parse(await worldNow()) - Date.now())).toBeLessThan(60_000);
const snapshotsOf = async () => (JSON.parse((await send({ path: '/_sim/world' })).body) as { snapshots: [] }).snapshots;

describe('the control plane over a socket', () => {
  it('refuses a Host that is not the server own, for reads and changes; the API still answers any Host', async () => {
    for (const host of ['evil.example', 'evil.example:8080', '127.0.0.1.evil.example']) {
      const read = await send({ path: '/_sim/world', headers: { host } });
      expect(read.status, host).toBe(403);
      expect(read.body).not.toContain('accessKeySecret');
      expect((await send({ method: 'POST', path: '/_sim/reset', headers: { ...json, host } })).status).toBe(403);
    }
    for (const host of ['127.0.0.1:1', 'localhost', 'LOCALHOST:80', 'sim.test:9']) {
      expect((await send({ path: '/_sim/world', headers: { host } })).status, host).toBe(200);
    }
    const api = await send({ path: '/?Action=CreateSnapshot&Format=JSON', headers: { host: 'ecs.aliyuncs.com' } });
    expect(JSON.parse(api.body)).toMatchObject({ Code: 'MissingParameter' });
  });

  it('refuses a change whose Content-Type is not application/json, as a cross-site form sends, changing nothing', async () => {
    await expectClockUnmoved();
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', '']) {
      const headers: Record<string, string> = type === '' ? {} : { 'content-type': type };
      const moved = await send({ method: 'POST', path: '/_sim/clock', headers, body: '{"advanceSeconds":86400}' });
      expect(moved.status, type).toBe(415);
      expect((await send({ method: 'PUT', path: '/_sim/world', headers, body: '{}' })).status).toBe(415);
      expect((await send({ method: 'POST', path: '/_sim/pact-state', headers, body: '{}' })).status).toBe(415);
    }
    await expectClockUnmoved();
    const ok = await send({
      method: 'POST',
      path: '/_sim/clock',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: '{"advanceSeconds":1}',
    });
    expect(ok.status).toBe(200);
  });

  it('refuses a change from a foreign Origin, and takes one from its own', async () => {
    for (const origin of ['https://evil.example', 'null', 'http://127.0.0.1.evil.example']) {
      const r = await send({ method: 'POST', path: '/_sim/reset', headers: { ...json, origin } });
      expect(r.status, origin).toBe(403);
    }
    const own = await send({
      method: 'POST',
      path: '/_sim/reset',
      headers: { ...json, origin: `http://localhost:${port}` },
    });
    expect(own.status).toBe(200);
  });

  it('with a control token, requires it on every endpoint but health', async () => {
    expect((await send({ to: tokenPort, path: '/_sim/health' })).status).toBe(200);
    expect((await send({ to: tokenPort, path: '/_sim/world' })).status).toBe(401);
    expect((await send({ to: tokenPort, method: 'POST', path: '/_sim/reset', headers: json })).status).toBe(401);
    const wrong = { ...json, 'x-sim-control-token': `${TOKEN.slice(0, -1)}x` };
    expect((await send({ to: tokenPort, method: 'POST', path: '/_sim/reset', headers: wrong })).status).toBe(401);
    const right = { 'x-sim-control-token': TOKEN };
    expect((await send({ to: tokenPort, path: '/_sim/world', headers: right })).status).toBe(200);
    expect(
      (await send({ to: tokenPort, method: 'POST', path: '/_sim/reset', headers: { ...json, ...right } })).status,
    ).toBe(200);
  });

  it('answers 404 for names that are properties of every object, and 400 naming an unknown pact state', async () => {
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'health/x']) {
      const r = await send({ path: `/_sim/${name}` });
      expect(r.status, name).toBe(404);
    }
    expect((await send({ method: 'CONSTRUCTOR', path: '/_sim/health' })).status).not.toBe(500);
    for (const state of ['constructor', '__proto__', 'toString', 'no such state', 'x'.repeat(100_000)]) {
      const r = await send({
        method: 'POST',
        path: '/_sim/pact-state',
        headers: json,
        body: JSON.stringify({ state }),
      });
      expect(r.status, state.slice(0, 20)).toBe(400);
      expect(r.body).toContain('unknown provider state');
      expect(r.body.length).toBeLessThan(10_000);
    }
    const deep = JSON.stringify({ state: 'disk {diskId} is healthy', params: { diskId: { a: [[[1]]] } } });
    expect((await send({ method: 'POST', path: '/_sim/pact-state', headers: json, body: deep })).status).toBe(400);
  });

  it('refuses a clock outside 1970-9999, and a world it could not write back, changing nothing', async () => {
    await expectClockUnmoved();
    for (const body of [
      '{"advanceSeconds":1e300}',
      '{"advanceSeconds":253402300800}',
      '{"now":"+275760-09-13T00:00:00Z"}',
    ]) {
      const r = await send({ method: 'POST', path: '/_sim/clock', headers: json, body });
      expect(r.status, body).toBe(400);
      expect(r.body).not.toContain('RangeError');
    }
    await expectClockUnmoved();
    const late = await send({
      method: 'PUT',
      path: '/_sim/world',
      headers: json,
      body: '{"now":"9999-12-31T23:00:00Z"}',
    });
    expect(late.status).toBe(200);
    const past = await send({ method: 'POST', path: '/_sim/clock', headers: json, body: '{"advanceSeconds":7200}' });
    expect(past.status).toBe(400);
    expect(past.body).toContain('9999-12-31T23:59:59.999Z');
    expect(await worldNow()).toMatch(/^9999-12-31T23:00:0/);
    expect((await send({ method: 'POST', path: '/_sim/reset', headers: json })).status).toBe(200);
  });

  it('bounds fault rules: times, how much of a value an error shows, and deep values', async () => {
    const put = (rules: unknown) =>
      send({ method: 'PUT', path: '/_sim/faults', headers: json, body: JSON.stringify({ rules }) });
    const many = await put([{ action: 'CreateSnapshot', code: 'InternalError', times: 1e12 }]);
    expect(many.status).toBe(400);
    expect(many.body).toContain('times: must be an integer from 1 to 1000000');
    const huge = await put([{ action: 'CreateSnapshot', code: 'X'.repeat(1_000_000) }]);
    expect(huge.status).toBe(400);
    expect(huge.body.length).toBeLessThan(2000);
    // Written as text: JSON.stringify itself cannot write a value this deep.
    const deep = `${'['.repeat(100_000)}1${']'.repeat(100_000)}`;
    const body = `{"rules":[{"action":"CreateSnapshot","code":${deep},"diskId":${deep}}]}`;
    const nested = await send({ method: 'PUT', path: '/_sim/faults', headers: json, body });
    expect(nested.status).toBe(400);
    expect(nested.body.length).toBeLessThan(2000);
    const rules = await put(Array.from({ length: 101 }, () => ({ action: 'CreateSnapshot', code: 'InternalError' })));
    expect(rules.status).toBe(400);
  });

  it('answers GET /_sim/requests?limit=N with the newest N, and refuses a bad limit', async () => {
    for (let i = 0; i < 3; i++) await send({ path: `/?Action=CreateSnapshot&n=${i}` });
    const r = JSON.parse((await send({ path: '/_sim/requests?limit=2' })).body) as {
      requests: Array<{ parameters: Record<string, string> }>;
    };
    expect(r.requests.map((e) => e.parameters.n)).toEqual(['1', '2']);
    expect((await send({ path: '/_sim/requests?limit=abc' })).status).toBe(400);
    expect((await send({ path: '/_sim/requests?limit=100000' })).status).toBe(400);
    expect(await snapshotsOf()).toBeDefined();
  });
});

describe('the in-process controls', () => {
  it('throw only InvalidControlInput on bad input, leaving the simulator as it was', () => {
    const local = new Simulator({ wallClock: Date });
    const controls = simulatorControls(local);
    const before = controls.world();
    const bad: Array<() => unknown> = [
      () => controls.advanceClock(1e300),
      () => controls.advanceClock(Number.NaN),
      () => controls.setNow('+275760-09-13T00:00:00Z'),
      () => controls.setWorld({ now: 'never' }),
      () => controls.setFaults([{ action: 'CreateSnapshot', times: 1e12, code: 'InternalError' }]),
      () => controls.requests(-1),
      () => controls.setWorld(JSON.parse(`${'['.repeat(50_000)}${']'.repeat(50_000)}`)),
      () =>
        controls.setWorld({
          get disks(): never {
            throw new Error('a getter that throws');
          },
        }),
    ];
    for (const call of bad) expect(call).toThrow(InvalidControlInput);
    const after = controls.world();
    expect({ ...after, now: '' }).toEqual({ ...before, now: '' });
    expect(Date.parse(after.now ?? '') - Date.parse(before.now ?? '')).toBeLessThan(60_000);
    expect(controls.advanceClock(60).now).toBeDefined();
  });
});
