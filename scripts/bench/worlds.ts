/**
 * World documents for the big-world run: `disks` healthy detached disks, and `snapshots` accomplished
 * user snapshots spread evenly over them (below the 256 quota per disk, so CreateSnapshot still works).
 */

import { once } from 'node:events';
import { createWriteStream, statSync } from 'node:fs';
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET } from '../../src/core/world-document.js';

export const benchDiskId = (i: number) => `d-bench-${String(i).padStart(6, '0')}`;

export function benchDiskIds(disks: number): string[] {
  return Array.from({ length: disks }, (_, i) => benchDiskId(i));
}

/** Writes the document in chunks (a million snapshots is tens of MB of JSON); returns its size and time. */
export async function writeWorld(
  file: string,
  disks: number,
  snapshots: number,
): Promise<{ bytes: number; writeMs: number }> {
  const started = performance.now();
  const out = createWriteStream(file);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  const accessKeys = [{ accessKeyId: DEFAULT_ACCESS_KEY_ID, accessKeySecret: DEFAULT_ACCESS_KEY_SECRET }];
  await write(`{"accessKeys":${JSON.stringify(accessKeys)},\n"disks":[\n`);
  await write(
    benchDiskIds(disks)
      .map((diskId) => JSON.stringify({ diskId }))
      .join(',\n'),
  );
  await write('],\n"snapshots":[\n');
  const CHUNK = 10_000;
  for (let start = 0; start < snapshots; start += CHUNK) {
    const lines: string[] = [];
    for (let i = start; i < Math.min(snapshots, start + CHUNK); i++) {
      const snapshotId = `s-bench${String(i).padStart(13, '0')}`;
      lines.push(JSON.stringify({ snapshotId, diskId: benchDiskId(i % disks) }));
    }
    await write(`${start === 0 ? '' : ',\n'}${lines.join(',\n')}`);
  }
  await write(']}\n');
  out.end();
  await once(out, 'finish');
  return { bytes: statSync(file).size, writeMs: performance.now() - started };
}
