/** Test keys through the MSW handlers: the API and the control plane route to the key's world in process too. */
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { testAccessKey } from '../../src/core/tenants.js';
import { createSimulatorHandlers, simulatorControls } from '../../src/msw/index.js';
import { call, expectSuccess } from '../support/call.js';
import { fetchTarget } from '../support/targets.js';

const { handlers, simulator, controls } = createSimulatorHandlers();
const server = setupServer(...handlers);
const base = 'https://ecs.cn-hangzhou.aliyuncs.com';
const target = fetchTarget(base, 'ecs.cn-hangzhou.aliyuncs.com');
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

it.each(['V1 POST', 'V3'] as const)(
  '%s: a test key world, in process and through /_sim/ on the ECS host',
  async (signing) => {
    const key = testAccessKey('msw');
    const before = controls.world().snapshots?.length;
    expectSuccess(await call(target, { DiskId: 'd-healthy' }, { signing, credentials: key }));
    expect(controls.world().snapshots?.length).toBe(before);
    const mine = simulatorControls(simulator.tenant(key.accessKeyId));
    expect(mine.world().snapshots?.length).toBe((before ?? 0) + 1);
    expect(mine.requests()).toHaveLength(1);
    mine.setFaults([{ action: 'CreateSnapshot', code: 'Throttling', times: 1 }]);
    expect(mine.faults()).toEqual([{ action: 'CreateSnapshot', code: 'Throttling', times: 1 }]);
    expect(controls.faults()).toEqual([]);
    const over = await fetch(`${base}/_sim/faults?accessKeyId=${key.accessKeyId}`);
    expect(over.headers.get('x-sim-world')).toBe(key.accessKeyId);
    expect(((await over.json()) as { rules: unknown[] }).rules).toHaveLength(1);
    expect(mine.clearRequests()).toEqual({ cleared: 1 });
    expect(mine.requests()).toEqual([]);
  },
);
