/**
 * Reads a V8 .cpuprofile (node --cpu-prof) and ranks self time by function and by file. Samples are
 * counted rather than weighted by their time deltas: on a busy 2-CPU machine the sampler thread
 * starves, and one sample then carries seconds of delta that belong to nobody in particular.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
}

export interface Hotspot {
  name: string;
  selfPercent: number;
}

const short = (url: string) =>
  url
    .replace(/^file:\/\//, '')
    .replace(/^.*\/node_modules\//, 'node_modules/')
    .replace(/^.*\/dist\//, 'dist/');

export function hotspots(dir: string, top = 20): { byFunction: Hotspot[]; byFile: Hotspot[]; samples: number } {
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (file === undefined) throw new Error(`no .cpuprofile in ${dir}: did the server exit through process.exit?`);
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const fn = new Map<string, number>();
  const files = new Map<string, number>();
  let total = 0;
  for (const id of profile.samples) {
    const dt = 1;
    const frame = byId.get(id);
    if (frame === undefined) continue;
    total += dt;
    const where = frame.url === '' ? '' : ` ${short(frame.url)}:${frame.lineNumber + 1}`;
    const name = `${frame.functionName || '(anonymous)'}${where}`;
    fn.set(name, (fn.get(name) ?? 0) + dt);
    const f = frame.url === '' ? frame.functionName : short(frame.url);
    files.set(f, (files.get(f) ?? 0) + dt);
  }
  const rank = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, t]) => ({ name, selfPercent: Math.round((1000 * t) / total) / 10 }));
  return { byFunction: rank(fn), byFile: rank(files), samples: total };
}
