/** The control plane under /_sim/ over a real socket: each endpoint, and bad input refused with the field named. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Simulator } from '../../src/core/simulator.js';
import { createSimulatorServer, listen } from '../../src/node/server.js';
import { call, expectError, expectSuccess } from '../support/call.js';
import type { Target } from '../support/targets.js';

const sim = new Simulator({ wallClock: Date });
const server = createSimulatorServer(sim);
let base = '';
let target: Target;

const sim_ = async (method: string, path: string, body?: string) => {
  const response = await fetch(`${base}/_sim/${path}`, {
    method,
    ...(method === 'GET' ? {} : { headers: { 'content-type': 'application/json' } }),
    ...(body === undefined ? {} : { body }),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
};

beforeAll(async () => {
  const { port } = await listen(server, 0, '127.0.0.1');
  base = `http://127.0.0.1:${port}`;
  target = {
    name: 'http',
    host: `127.0.0.1:${port}`,
    send: async (r) => {
      const { host: _h, ...headers } = r.headers;
      const res = await fetch(`${base}${r.url}`, { method: r.method, headers, ...(r.body ? { body: r.body } : {}) });
      return {
        host: `127.0.0.1:${port}`,
        status: res.status,
        contentType: res.headers.get('content-type') ?? '',
        requestIdHeader: res.headers.get('x-acs-request-id') ?? undefined,
        body: await res.text(),
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
beforeEach(() => sim.reset());

describe('/_sim/', () => {
  it('GET health answers {"status":"ok"}', async () => {
    expect(await sim_('GET', 'health')).toEqual({ status: 200, json: { status: 'ok' } });
  });

  it('POST reset goes back to the default world and clock', async () => {
    expectSuccess(await call(target, { DiskId: 'd-healthy' }));
    await sim_('POST', 'clock', JSON.stringify({ advanceSeconds: 86_400 }));
    const reset = await sim_('POST', 'reset');
    expect(reset.status).toBe(200);
    expect(Math.abs(Date.parse(String(reset.json.now)) - Date.now())).toBeLessThan(5_000);
    expect(sim.world().snapshots.filter((s) => s.diskId === 'd-healthy')).toHaveLength(1);
  });

  it.each([
    ['not JSON', '{', '(body): must be a JSON document'],
    ['an unknown field', JSON.stringify({ disks: [{ diskId: 'd-1', sizeGB: 5 }] }), 'disks[0]: unknown field "sizeGB"'],
    [
      'a bad enum',
      JSON.stringify({ instances: [{ instanceId: 'i-1', status: 'Sleeping' }] }),
      'instances[0].status: must be one of',
    ],
    [
      'a duplicate id',
      JSON.stringify({ disks: [{ diskId: 'd-1' }, { diskId: 'd-1' }] }),
      'disks: duplicate diskId "d-1"',
    ],
  ])('PUT world refuses %s with 400 naming the field, and changes nothing', async (_what, body, message) => {
    const before = JSON.stringify(sim.world().disks);
    const answer = await sim_('PUT', 'world', body);
    expect(answer.status).toBe(400);
    expect(String(answer.json.error)).toContain(message);
    expect(JSON.stringify(sim.world().disks)).toBe(before);
  });

  it('PUT world replaces the state; GET world returns it', async () => {
    const answer = await sim_(
      'PUT',
      'world',
      JSON.stringify({ disks: [{ diskId: 'd-only', instanceId: 'i-1' }], instances: [{ instanceId: 'i-1' }] }),
    );
    expect(answer.status).toBe(200);
    expect((await sim_('GET', 'world')).json.disks).toMatchObject([
      { diskId: 'd-only', status: 'In_use', everUsed: true },
    ]);
    expectSuccess(await call(target, { DiskId: 'd-only' }));
    expectError(await call(target, { DiskId: 'd-healthy' }), 'InvalidDiskId.NotFound');
  });

  it('POST clock advances or sets the time, never backwards', async () => {
    const t0 = Date.parse(String((await sim_('GET', 'world')).json.now));
    const advanced = await sim_('POST', 'clock', JSON.stringify({ advanceSeconds: 3600 }));
    expect(Date.parse(String(advanced.json.now)) - t0).toBeGreaterThanOrEqual(3_600_000);
    const target2 = new Date(t0 + 7_200_000).toISOString();
    expect((await sim_('POST', 'clock', JSON.stringify({ now: target2 }))).json.now).toBe(target2);
    const back = await sim_('POST', 'clock', JSON.stringify({ now: new Date(t0).toISOString() }));
    expect(back.status).toBe(400);
    expect(String(back.json.error)).toContain('now: must not be earlier');
    expect((await sim_('POST', 'clock', JSON.stringify({ advanceSeconds: -1 }))).status).toBe(400);
    expect((await sim_('POST', 'clock', JSON.stringify({ later: 5 }))).status).toBe(400);
  });

  it('PUT faults takes rules and refuses undocumented codes, naming the rule', async () => {
    const ok = await sim_(
      'PUT',
      'faults',
      JSON.stringify({ rules: [{ action: 'CreateSnapshot', code: 'Throttling', times: 1 }] }),
    );
    expect(ok).toEqual({ status: 200, json: { rules: [{ action: 'CreateSnapshot', code: 'Throttling', times: 1 }] } });
    expectError(await call(target, { DiskId: 'd-healthy' }), 'Throttling');
    const bad = await sim_(
      'PUT',
      'faults',
      JSON.stringify({ rules: [{ action: 'CreateSnapshot', code: 'Oops', times: 0 }] }),
    );
    expect(bad.status).toBe(400);
    expect(bad.json.errors).toEqual([
      'rules[0].code: must be a code of the error catalogue (got "Oops")',
      'rules[0].times: must be an integer from 1 to 1000000',
    ]);
    expectSuccess(await call(target, { DiskId: 'd-healthy' }));
  });

  it('GET requests lists the journal: time, action, parameters, signature verdict, answer', async () => {
    expectSuccess(await call(target, { DiskId: 'd-healthy', ClientToken: 'abc' }));
    const { requests } = (await sim_('GET', 'requests')).json as { requests: Array<Record<string, unknown>> };
    expect(requests.at(-1)).toMatchObject({
      action: 'CreateSnapshot',
      method: 'GET',
      parameters: { DiskId: 'd-healthy', ClientToken: 'abc' },
      signature: { version: 'V1', verdict: 'valid' },
      answer: { status: 200 },
    });
    expect(Date.parse(String(requests.at(-1)?.time))).not.toBeNaN();
  });

  it('answers 404 for an unknown endpoint and 405 for a wrong method, listing what exists', async () => {
    const unknown = await sim_('GET', 'nope');
    expect(unknown.status).toBe(404);
    expect(String(unknown.json.error)).toContain('/_sim/health');
    expect((await sim_('DELETE', 'world')).status).toBe(405);
  });

  it('is not reachable through the API: Action=... never dispatches to it', async () => {
    expectError(
      await call(
        target,
        { DiskId: 'd-healthy' },
        { mutate: (r) => ({ ...r, url: r.url.replace('Action=CreateSnapshot', 'Action=_sim%2Freset') }) },
      ),
      'InvalidAction.NotFound',
    );
  });
});

describe('--no-control-plane', () => {
  it('answers /_sim/ as the API would: not a control endpoint', async () => {
    const closed = createSimulatorServer(new Simulator({ wallClock: Date }), { controlPlane: false });
    const { port } = await listen(closed, 0, '127.0.0.1');
    const response = await fetch(`http://127.0.0.1:${port}/_sim/health`);
    expect(response.status).not.toBe(200);
    expect(await response.text()).toContain('<Code>MissingParameter</Code>');
    closed.close();
  });
});
