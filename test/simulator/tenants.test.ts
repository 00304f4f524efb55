/**
 * Isolation by account over a real socket (startSimulator): a test key's world, reached by the API with V1 and
 * V3 signatures and by the control plane with the query parameter or the header; the main world untouched.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTestKey } from '../../src/core/tenants.js';
import { DEFAULT_ACCESS_KEY_ID } from '../../src/core/world-document.js';
import { ControlRequestError, type RunningSimulator, startSimulator } from '../../src/index.js';
import { call, expectError, expectSuccess, SIGNINGS } from '../support/call.js';
import { fetchTarget, type Target } from '../support/targets.js';

let running: RunningSimulator;
let target: Target;

beforeAll(async () => {
  running = await startSimulator();
  target = fetchTarget(running.url, running.endpoint);
});
afterAll(() => running.close());

describe('a test key has a world of its own', () => {
  it.each(SIGNINGS)('%s: the snapshot goes to the key world, not the main world', async (signing) => {
    const key = running.testKey('sign');
    const before = (await running.controls.world()).snapshots?.length;
    expectSuccess(await call(target, { DiskId: 'd-healthy' }, { signing, credentials: key }));
    expect((await running.controls.world()).snapshots?.length).toBe(before);
    expect((await key.controls.world()).snapshots?.length).toBe((before ?? 0) + 1);
    // A second one in the same key world meets the first, still in progress.
    expectError(
      await call(target, { DiskId: 'd-healthy' }, { signing, credentials: key }),
      'IncorrectDiskStatus.CreatingSnapshot',
    );
  });

  it('faults, the clock and the journal of one key do not reach another', async () => {
    const a = running.testKey('a');
    const b = running.testKey('b');
    await a.controls.setFaults([{ action: 'CreateSnapshot', code: 'Throttling', times: 2 }]);
    expect(await b.controls.faults()).toEqual([]);
    expect(await running.controls.faults()).toEqual([]);
    expectSuccess(await call(target, { DiskId: 'd-available' }, { credentials: b }));
    expectError(await call(target, { DiskId: 'd-available' }, { credentials: a }), 'Throttling');
    expect(await a.controls.faults()).toEqual([{ action: 'CreateSnapshot', code: 'Throttling', times: 1 }]);
    const movedA = Date.parse((await a.controls.advanceClock(86_400)).now);
    const worldB = Date.parse((await b.controls.world()).now as string);
    expect(movedA - worldB).toBeGreaterThan(86_000_000);
    expect((await a.controls.requests()).map((r) => r.answer.code)).toEqual(['Throttling']);
    expect((await b.controls.requests()).map((r) => r.answer.status)).toEqual([200]);
  });

  it('the journal survives a reset and is emptied by DELETE /_sim/requests', async () => {
    const key = running.testKey('journal');
    expectSuccess(await call(target, { DiskId: 'd-healthy' }, { credentials: key }));
    await key.controls.reset();
    expect(await key.controls.requests()).toHaveLength(1);
    expect(await key.controls.clearRequests()).toEqual({ cleared: 1 });
    expect(await key.controls.requests()).toEqual([]);
    // Reset gave the key its world back as it started: d-healthy can be snapshotted again.
    expectSuccess(await call(target, { DiskId: 'd-healthy' }, { credentials: key }));
  });

  it('the control plane takes the key as ?accessKeyId= or x-sim-access-key-id, and says which world it acted on', async () => {
    const key = running.testKey('header');
    await key.controls.setFaults([{ action: 'CreateSnapshot', code: 'Throttling', times: 1 }]);
    const byHeader = await fetch(`${running.url}/_sim/faults`, { headers: { 'x-sim-access-key-id': key.accessKeyId } });
    expect(byHeader.headers.get('x-sim-world')).toBe(key.accessKeyId);
    expect(((await byHeader.json()) as { rules: unknown[] }).rules).toHaveLength(1);
    const main = await fetch(`${running.url}/_sim/faults?accessKeyId=${DEFAULT_ACCESS_KEY_ID}`);
    expect(main.headers.get('x-sim-world')).toBe('main');
    expect(await main.json()).toEqual({ rules: [] });
    const empty = await fetch(`${running.url}/_sim/world?accessKeyId=`);
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { error: string }).error).toContain('accessKeyId: must be an AccessKeyId');
  });

  it('a bad control call names the field, and remoteControls throws it as ControlRequestError', async () => {
    const key = running.testKey('bad');
    const error = await key.controls.setFaults([{ action: 'CreateSnapshot', code: 'Oops' }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ControlRequestError);
    expect((error as ControlRequestError).errors[0]).toContain('rules[0].code: must be a code of the error catalogue');
  });

  it('the default key and keys outside the pattern stay in the main world', async () => {
    const main = await running.controls.world();
    expect(main.accessKeys?.map((k) => k.accessKeyId).filter(isTestKey)).toEqual([]);
    expect(running.simulator.tenantKeys().length).toBeGreaterThan(3);
    expectError(
      await call(
        target,
        { DiskId: 'd-healthy' },
        { credentials: { accessKeyId: 'LTAI5tSomeoneElse', accessKeySecret: 'x' } },
      ),
      'InvalidAccessKeyId',
    );
  });
});
