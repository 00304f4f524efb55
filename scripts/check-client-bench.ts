/**
 * How long check-client takes to grade the reference driver on every scenario (dist/, so build first):
 * `--rounds` runs per setting, the median reported against the target of 5 s. Settings: the driver
 * run once per scenario (--jobs 1, serial, and the default --jobs), and kept running with --persistent (one
 * per job: the way the README runs it), on this Node, and on another Node given with --node. The grading
 * process always runs on this Node.
 * Prints a table and the load average (the machine may be shared), and the CPU each grade used (GNU time,
 * when /usr/bin/time exists: check-client and its drivers), which the load changes little: half of it is
 * the best two idle cores can do. Exits non-zero only when a run fails to pass every scenario, never on a MISS.
 *
 *   node --import tsx scripts/check-client-bench.ts [--rounds 3] [--node /path/to/another/node]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const ROOT = join(import.meta.dirname, '..');
const CLI = join(ROOT, 'dist/src/cli/main.js');
const DRIVER = join(ROOT, 'examples/drivers/reference-client.mjs');
const TARGET_S = 5;

const { values: flags } = parseArgs({
  options: { rounds: { type: 'string', default: '3' }, node: { type: 'string' } },
});
const rounds = Number(flags.rounds);
if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);

/** GNU time, for the CPU the grade used (check-client and every driver): the machine's load does not change it. */
const TIME = '/usr/bin/time';
const cpuFile = join(tmpdir(), `check-client-bench-${process.pid}.cpu`);

function grade(
  node: string,
  jobs: string | undefined,
  flags: string[],
): { seconds: number; cpu: number; summary: string } {
  const args = [CLI, 'check-client', '--driver', `"${node}" "${DRIVER}"`, '--name', 'reference', ...flags];
  if (jobs !== undefined) args.push('--jobs', jobs);
  const timed = existsSync(TIME);
  const started = performance.now();
  const run = timed
    ? spawnSync(TIME, ['-f', '%U %S', '-o', cpuFile, process.execPath, ...args], { encoding: 'utf8' })
    : spawnSync(process.execPath, args, { encoding: 'utf8' });
  const seconds = (performance.now() - started) / 1000;
  const cpu = timed
    ? readFileSync(cpuFile, 'utf8')
        .trim()
        .split(/\s+/)
        .map(Number)
        .reduce((a, b) => a + b, 0)
    : Number.NaN;
  const summary = /(\d+ passed, \d+ failed, \d+ skipped)\s*$/.exec(run.stdout)?.[1] ?? `exit ${run.status}`;
  return { seconds, cpu, summary };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const here = `Node ${process.versions.node}`;
const settings: Array<{ label: string; node: string; jobs: string | undefined; flags: string[] }> = [
  { label: `once per scenario, --jobs 1, driver on ${here}`, node: process.execPath, jobs: '1', flags: [] },
  { label: `once per scenario, default --jobs, driver on ${here}`, node: process.execPath, jobs: undefined, flags: [] },
  {
    label: `--persistent, default --jobs, driver on ${here}`,
    node: process.execPath,
    jobs: undefined,
    flags: ['--persistent'],
  },
];
if (flags.node !== undefined) {
  const version = spawnSync(flags.node, ['--version'], { encoding: 'utf8' }).stdout.trim().slice(1);
  for (const persistent of [false, true])
    settings.push({
      label: `${persistent ? '--persistent' : 'once per scenario'}, default --jobs, driver on Node ${version}`,
      node: flags.node,
      jobs: undefined,
      flags: persistent ? ['--persistent'] : [],
    });
}

console.log(
  `check-client on the reference driver, every scenario: ${rounds} round(s) per setting; ${cpus().length} CPUs (default --jobs ${Math.min(16, 2 * availableParallelism())}); load average before: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}\n`,
);
console.log('| setting | median | rounds | CPU used (median) | on 2 idle cores, at best | graded | target ≤ 5 s |');
console.log('|---|---:|---|---:|---:|---|---|');
let broken = false;
for (const s of settings) {
  const runs = Array.from({ length: rounds }, () => grade(s.node, s.jobs, s.flags));
  const m = median(runs.map((r) => r.seconds));
  const graded = [...new Set(runs.map((r) => r.summary))].join('; ');
  // Every scenario passes for the reference client (MATRIX.md): any failure or skip is a broken run.
  if (!/^\d+ passed, 0 failed, 0 skipped$/.test(graded)) broken = true;
  const verdict = s.jobs === '1' ? '(serial, for comparison)' : m <= TARGET_S ? 'PASS' : 'MISS';
  const cpu = median(runs.map((r) => r.cpu));
  console.log(
    `| ${s.label} | ${m.toFixed(1)} s | ${runs.map((r) => r.seconds.toFixed(1)).join(', ')} | ${cpu.toFixed(1)} s | ${(cpu / 2).toFixed(1)} s | ${graded} | ${verdict} |`,
  );
}
rmSync(cpuFile, { force: true });
console.log(
  `\nload average after: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
process.exit(broken ? 1 : 0);
