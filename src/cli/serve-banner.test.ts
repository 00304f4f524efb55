import { describe, expect, it } from 'vitest';
import { Simulator } from '../core/simulator.js';
import { parseWorldDocument } from '../core/world-document.js';
import { servedWorldBanner } from './serve-banner.js';

const simulatorOf = (document: unknown) => {
  const parsed = parseWorldDocument(document, Date.now());
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return new Simulator({ wallClock: Date, initialWorld: () => parsed.world });
};

describe('servedWorldBanner', () => {
  it('the default world: its three keys and the fixture table', () => {
    const text = servedWorldBanner(new Simulator({ wallClock: Date }), 'the default world');
    expect(text).toContain('AccessKeyId=LTAI5tSimulatorTestKey01 AccessKeySecret=SimulatorTestSecret0000000000001\n');
    expect(text).toContain(
      'AccessKeyId=LTAI5tSimulatorInactive1 AccessKeySecret=SimulatorTestSecret0000000000001 (inactive',
    );
    expect(text).toContain('fixture disks (CreateSnapshot with this DiskId answers):');
    expect(text).toMatch(/^ {2}d-quota-full +QuotaExceed\.Snapshot/m);
  });

  it('a large world: the first 20 keys and disks, and how many more', () => {
    const sim = simulatorOf({
      accessKeys: Array.from({ length: 25 }, (_, i) => ({ accessKeyId: `k-${i}`, accessKeySecret: 's' })),
      disks: Array.from({ length: 30 }, (_, i) => ({ diskId: `d-${i}` })),
    });
    const text = servedWorldBanner(sim, '--world big.json');
    expect(text).toContain('AccessKeyId=k-19 ');
    expect(text).not.toContain('AccessKeyId=k-20 ');
    expect(text).toContain('  ... and 5 more (GET /_sim/world lists them all)');
    expect(text).toContain('world: --world big.json (30 disks)');
    expect(text).toContain('  ... and 10 more (GET /_sim/world lists them all)');
    expect(text).not.toContain('fixture disks');
  });

  it('a world without keys says that only test keys are answered', () => {
    expect(servedWorldBanner(simulatorOf({ accessKeys: [] }), 'x')).toContain('none: this world has no access keys');
  });
});
