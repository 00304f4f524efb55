/**
 * What `serve` says once it listens, read from the world it actually serves (after --world and --state-file):
 * its access keys with their secrets, the test keys, and its disks: the fixture table for the default world,
 * otherwise the disks themselves.
 */
import { DEFAULT_EDITION } from '../catalogue.js';
import { defaultFixtures } from '../core/default-world.js';
import { defaultWorld, type Simulator } from '../core/simulator.js';
import { TEST_KEY_PATTERN, TEST_KEY_SECRET } from '../core/tenants.js';

/** A world with more keys or disks than this lists the first ones and says how many more. */
const LISTED = 20;

export function servedWorldBanner(sim: Simulator, source: string): string {
  // Read on the state: world() would copy every snapshot of a large world just for this.
  sim.state.settle(sim.now());
  const { accessKeys, disks } = sim.state;
  const lines = ['', 'credentials:'];
  if (accessKeys.size === 0) lines.push('  none: this world has no access keys, so only test keys are answered');
  let listedKeys = 0;
  for (const key of accessKeys.values()) {
    if (listedKeys++ === LISTED) {
      lines.push(`  ... and ${accessKeys.size - LISTED} more (GET /_sim/world lists them all)`);
      break;
    }
    const refused = !key.active
      ? ' (inactive: InvalidAccessKeyId.Inactive)'
      : !key.authorized
        ? ' (no RAM permission: Forbidden.RAM)'
        : '';
    lines.push(`  AccessKeyId=${key.accessKeyId} AccessKeySecret=${key.accessKeySecret}${refused}`);
  }
  lines.push(
    `  test keys: ${TEST_KEY_PATTERN} with AccessKeySecret=${TEST_KEY_SECRET}, each its own copy of the`,
    '    initial world (pass ?accessKeyId=KEY or the header x-sim-access-key-id to /_sim/ to act on it)',
  );
  const defaultIds = new Set(defaultWorld(sim.now()).disks.map((d) => d.diskId));
  const isDefault = disks.size === defaultIds.size && [...disks.keys()].every((id) => defaultIds.has(id));
  lines.push('', `world: ${source} (${disks.size} disk${disks.size === 1 ? '' : 's'})`);
  if (isDefault) {
    lines.push('fixture disks (CreateSnapshot with this DiskId answers):');
    for (const f of defaultFixtures) {
      const answer = sim.edition() === DEFAULT_EDITION ? f.answer : (f.older ?? f.answer);
      const sends = Object.entries(f.with ?? {})
        .map(([k, v]) => ` ${k}=${v}`)
        .join('');
      lines.push(`  ${(f.diskId + sends).padEnd(30)} ${answer.padEnd(48)} ${f.why}`);
    }
    return lines.join('\n');
  }
  let listed = 0;
  for (const disk of disks.values()) {
    if (listed++ === LISTED) {
      lines.push(`  ... and ${disks.size - LISTED} more (GET /_sim/world lists them all)`);
      break;
    }
    const where = disk.instanceId === null ? '' : ` on ${disk.instanceId}`;
    lines.push(`  ${disk.diskId.padEnd(30)} ${disk.status}${where}`);
  }
  return lines.join('\n');
}
