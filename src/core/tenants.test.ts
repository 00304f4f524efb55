import { describe, expect, it } from 'vitest';
import { seededIds, uniqueIds } from './ids.js';
import { Simulator } from './simulator.js';
import { isTestKey, TENANT_LIMITS, Tenants, testAccessKey } from './tenants.js';
import { DEFAULT_ACCESS_KEY_ID } from './world-document.js';

describe('isTestKey', () => {
  it.each([
    { given: 'LTAI5tSimulatorTestKeyA', want: true },
    { given: 'LTAI5tSimulatorTestKey02', want: true },
    { given: `LTAI5tSimulatorTestKey${'x'.repeat(40)}`, want: true },
    { given: `LTAI5tSimulatorTestKey${'x'.repeat(41)}`, want: false },
    { given: DEFAULT_ACCESS_KEY_ID, want: false },
    { given: 'LTAI5tSimulatorTestKey', want: false },
    { given: 'LTAI5tSimulatorTestKey-a', want: false },
    { given: 'LTAI5tSimulatorInactive1', want: false },
    { given: 'ltai5tsimulatortestkeyA', want: false },
  ])('$given → $want', ({ given, want }) => {
    expect(isTestKey(given)).toBe(want);
  });
});

describe('testAccessKey', () => {
  it('draws keys of the pattern, with the label, never the same twice', () => {
    const keys = Array.from({ length: 1000 }, () => testAccessKey('file-1').accessKeyId);
    expect(new Set(keys).size).toBe(1000);
    for (const k of keys) {
      expect(k).toMatch(/^LTAI5tSimulatorTestKeyfile1[A-Za-z0-9]{12}$/);
      expect(isTestKey(k)).toBe(true);
    }
  });
});

describe('Simulator.tenant', () => {
  it('gives a test key a world of its own, the same one on every call; other keys the main world', () => {
    const sim = new Simulator({ wallClock: Date });
    const a = sim.tenant('LTAI5tSimulatorTestKeyA');
    expect(a).not.toBe(sim);
    expect(sim.tenant('LTAI5tSimulatorTestKeyA')).toBe(a);
    expect(sim.tenant(DEFAULT_ACCESS_KEY_ID)).toBe(sim);
    expect(sim.tenant('LTAI5tSimulatorInactive1')).toBe(sim);
    expect(sim.tenant(undefined)).toBe(sim);
    // A tenant has no tenants of its own.
    expect(a.tenant('LTAI5tSimulatorTestKeyB')).toBe(a);
    expect(sim.tenantKeys()).toEqual(['LTAI5tSimulatorTestKeyA']);
  });

  it('clones the initial world and adds the key; changes stay in the tenant', () => {
    const sim = new Simulator({ wallClock: Date });
    const a = sim.tenant('LTAI5tSimulatorTestKeyA');
    expect(a.state.accessKeys.get('LTAI5tSimulatorTestKeyA')).toMatchObject({ active: true, authorized: true });
    expect(sim.state.accessKeys.has('LTAI5tSimulatorTestKeyA')).toBe(false);
    expect(a.createSnapshot({ DiskId: 'd-healthy' }).ok).toBe(true);
    expect(sim.createSnapshot({ DiskId: 'd-healthy' }).ok).toBe(true);
    a.clock.advance(86_400_000);
    expect(a.now() - sim.now()).toBeGreaterThanOrEqual(86_400_000 - 1000);
    a.faults.set([{ action: 'CreateSnapshot', code: 'Throttling', times: 1 }]);
    expect(sim.faults.list()).toEqual([]);
    // A world loaded without the key keeps it: the test is not locked out of its own world.
    a.load({ ...a.world(), accessKeys: [] });
    expect(a.state.accessKeys.has('LTAI5tSimulatorTestKeyA')).toBe(true);
  });

  it('draws ids from the main source, so they never repeat across worlds', () => {
    const sim = new Simulator({ wallClock: Date, ids: seededIds() });
    const ids = new Set<string>();
    for (const key of ['LTAI5tSimulatorTestKeyA', 'LTAI5tSimulatorTestKeyB']) {
      const world = sim.tenant(key);
      for (const disk of ['d-healthy', 'd-available']) {
        const made = world.createSnapshot({ DiskId: disk });
        if (made.ok) ids.add(made.snapshotId);
      }
    }
    expect(ids.size).toBe(4);
  });

  it('tells tenant journal records to the main journal listener', () => {
    const sim = new Simulator({ wallClock: Date });
    const told: string[] = [];
    sim.journal.onAdd = (r) => told.push(r.requestId);
    const a = sim.tenant('LTAI5tSimulatorTestKeyA');
    a.journal.add({
      at: 0,
      method: 'GET',
      action: null,
      parameters: () => ({}),
      version: null,
      verdict: 'not-checked',
      status: 400,
      requestId: 'R-1',
      code: undefined,
      snapshotId: undefined,
      reason: undefined,
      diskId: undefined,
      accessKeyId: undefined,
    });
    expect(told).toEqual(['R-1']);
  });
});

describe('Tenants (the bound)', () => {
  it(`keeps at most ${TENANT_LIMITS.maxWorlds} worlds, forgetting the least recently used`, () => {
    const tenants = new Tenants<number>();
    for (let i = 0; i < TENANT_LIMITS.maxWorlds; i++) tenants.add(`k${i}`, i, 1);
    tenants.get('k0'); // used: k1 is now the least recently used
    tenants.add('new', -1, 1);
    expect(tenants.size).toBe(TENANT_LIMITS.maxWorlds);
    expect(tenants.get('k0')).toBe(0);
    expect(tenants.get('k1')).toBeUndefined();
    expect(tenants.get('new')).toBe(-1);
  });

  it(`keeps at most ${TENANT_LIMITS.maxRecords} records of initial worlds together`, () => {
    const tenants = new Tenants<string>();
    const half = TENANT_LIMITS.maxRecords / 2;
    tenants.add('a', 'a', half);
    tenants.add('b', 'b', half);
    tenants.add('c', 'c', 1);
    expect(tenants.keys()).toEqual(['b', 'c']);
  });
});

describe('uniqueIds', () => {
  it('two sources never answer the same RequestId; the shape stays an upper-case UUID', () => {
    const a = uniqueIds();
    const b = uniqueIds();
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      for (const id of [a.requestId(), b.requestId()]) {
        expect(id).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[0-9A-F]{4}-[0-9A-F]{12}$/);
        seen.add(id);
      }
    }
    expect(seen.size).toBe(2000);
  });

  it('seededIds stay the same on every run, for tests that need it', () => {
    expect(seededIds().requestId()).toBe(seededIds().requestId());
    expect(uniqueIds().requestId()).not.toBe(uniqueIds().requestId());
  });
});
