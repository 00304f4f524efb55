/**
 * Benchmark of the standalone simulator (dist/, so build first) against a bare node:http server and Prism,
 * under signed CreateSnapshot V1 load from autocannon in this process; every server runs in a child process.
 * Prints a table, PASS/MISS per target of the issue, and writes bench-results.json. Exits non-zero only when
 * something broke (a server did not start, or the load was mostly refused at the gateway), never on a MISS.
 *
 *   node --import tsx scripts/bench.ts [--duration 10] [--connections 50] [--warmup 2]
 *        [--snapshots 1000000] [--disks 10000] [--rounds 3] [--profile]
 *
 * Bare and simulator run in turns, --rounds times: the throughput target takes the median of the rounds'
 * ratios, the p99 target the median of the simulator's p99s (the upper one for an even count).
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultFixtures } from '../src/core/default-world.js';
import {
  BARE_SERVER_SOURCE,
  cpuMsOf,
  freePort,
  memoryOf,
  type RunningServer,
  startServer,
  systemBusyMs,
} from './bench/children.js';
import { feeder, type LoadResult, preflight, runLoad, type SignedPool, signedPool } from './bench/load.js';
import { hotspots } from './bench/profile.js';
import { benchDiskIds, writeWorld } from './bench/worlds.js';

const ROOT = join(import.meta.dirname, '..');
const CLI = join(ROOT, 'dist/src/cli/main.js');
const PRISM = join(ROOT, 'node_modules/@stoplight/prism-cli/dist/index.js');
const OPENAPI = join(ROOT, 'openapi/ecs-createsnapshot.yaml');
/** Pool size for the first simulator run: enough for this rate (above the 0.5 × bare target) without wrapping. */
const ASSUMED_MAX_RPS = 45_000;
/** Requests signed longer ago than this are re-signed: the simulator accepts ±15 minutes. */
const MAX_POOL_AGE_MS = 10 * 60_000;

const { values: flags } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    warmup: { type: 'string', default: '2' },
    snapshots: { type: 'string', default: '1000000' },
    disks: { type: 'string', default: '10000' },
    profile: { type: 'boolean', default: false },
    rounds: { type: 'string', default: '3' },
  },
});
const durationS = Number(flags.duration);
const warmupS = Number(flags.warmup);
const connections = Number(flags.connections);
const snapshotCount = Number(flags.snapshots);
const diskCount = Number(flags.disks);
const rounds = Number(flags.rounds);
const load = { durationS, warmupS, connections };
const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);
const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

for (const [name, value] of Object.entries({ durationS, warmupS, connections, snapshotCount, diskCount, rounds })) {
  if (!(value >= 0) || (name !== 'warmupS' && value === 0)) {
    console.error(`bench: ${name} must be a positive number (got ${value})`);
    process.exit(2);
  }
}
if (!existsSync(CLI)) {
  console.error(`bench: ${CLI} is missing; run 'npx tsc -p tsconfig.build.json' first.`);
  process.exit(1);
}
const newestSource = Math.max(
  ...readdirSync(join(ROOT, 'src'), { recursive: true, encoding: 'utf8' }).map(
    (f) => statSync(join(ROOT, 'src', f)).mtimeMs,
  ),
);
if (newestSource > statSync(CLI).mtimeMs) log('WARNING: src/ changed after the last build: dist/ may be stale');
const tmp = mkdtempSync(join(tmpdir(), 'ecs-bench-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

const simulator = (name: string, extraArgs: string[] = [], nodeArgs: string[] = [], timeoutMs = 30_000) =>
  startServer(name, process.execPath, [...nodeArgs, CLI, 'serve', '--port', '0', '--log', 'quiet', ...extraArgs], {
    timeoutMs,
  });

type Measured = Awaited<ReturnType<typeof measure>>;

/** Starts a server, loads it, reads its memory after the load, stops it. */
async function measure(
  label: string,
  start: () => Promise<RunningServer>,
  pool: SignedPool,
  check?: string,
  prime = 0,
): Promise<LoadResult & { startupMs: number; rssMiB: number; peakRssMiB: number; poolWraps: number }> {
  const server = await start();
  try {
    if (check !== undefined) log(`${label}: preflight ${await preflight(server.port, check, label)}`);
    log(`${label}: ${warmupS} s warm-up + ${durationS} s at ${connections} connections on port ${server.port}`);
    const feed = feeder(pool);
    const cpu = { server: () => cpuMsOf(server.pid), system: systemBusyMs };
    const result = await runLoad(server.port, feed, { ...load, prime }, cpu);
    const memory = memoryOf(server.pid);
    if (check !== undefined && result.signatureErrorShare > 0.5)
      throw new Error(`${label}: ${round(100 * result.signatureErrorShare)} % of answers are gateway refusals:
        ${JSON.stringify(result.codes)}: the benchmark would measure the rejection path, not CreateSnapshot`);
    if (check !== undefined && result.signatureErrorShare > 0.01)
      log(`${label}: WARNING ${round(100 * result.signatureErrorShare)} % gateway refusals`);
    return { ...result, startupMs: server.startupMs, ...memory, poolWraps: feed.wraps() };
  } finally {
    await server.stop();
  }
}

async function freshPool(pool: SignedPool | undefined, count: number, disks: readonly string[], tag: string) {
  if (pool !== undefined && Date.now() - pool.signedAt < MAX_POOL_AGE_MS && pool.paths.length >= count) return pool;
  log(`signing ${count} requests (${tag})`);
  const fresh = await signedPool(count, disks, tag);
  log(
    `signed ${count} in ${round(fresh.generationMs / 1000)} s (${round((1000 * fresh.generationMs) / count, 2)} µs each)`,
  );
  return fresh;
}

const loadBefore = loadavg()[0] as number;
if (loadBefore > 0.5)
  log(`WARNING: load average ${round(loadBefore, 2)} before the run: other processes compete for the CPUs`);

// 4. Startup: spawn to the listening line, default world.
const startups: number[] = [];
for (let i = 0; i < 5; i++) {
  const server = await simulator('simulator startup');
  startups.push(server.startupMs);
  await server.stop();
}
log(`startup: ${startups.map((ms) => round(ms)).join(', ')} ms`);

// 1-3. Simulator (default world), bare node:http, Prism: the same signed paths (Prism and bare ignore signatures).
const healthy = defaultFixtures.filter((f) => f.answer === 'success').map((f) => f.diskId);
const perRun = warmupS + durationS;
let pool = await freshPool(undefined, Math.ceil(perRun * ASSUMED_MAX_RPS), healthy, 'default');
// Bare and simulator in turns, `rounds` times: the machine is shared and its speed drifts, so each ratio is taken
// between neighbouring runs, and the targets use the median round.
const bareRuns: Measured[] = [];
const simRuns: Measured[] = [];
for (let r = 1; r <= rounds; r++) {
  bareRuns.push(
    await measure(
      `bare #${r}`,
      () => startServer('bare', process.execPath, ['-e', BARE_SERVER_SOURCE], { timeoutMs: 10_000 }),
      pool,
    ),
  );
  pool = await freshPool(pool, pool.paths.length, healthy, 'default');
  simRuns.push(await measure(`simulator #${r}`, () => simulator('simulator'), pool, 'd-healthy'));
}
const roundRatios = simRuns.map((s, i) => s.rps / (bareRuns[i] as Measured).rps);
const medianRound = roundRatios.indexOf(median(roundRatios));
const bare = bareRuns[medianRound] as Measured;
const sim = simRuns[medianRound] as Measured;
const simP99 = median(simRuns.map((s) => s.latencyMs.p99));
const prismPort = await freePort();
const prism = await measure(
  'prism',
  () =>
    startServer('prism', process.execPath, [PRISM, 'mock', OPENAPI, '-p', String(prismPort), '-h', '127.0.0.1'], {
      timeoutMs: 60_000,
    }),
  pool,
);

// Optional: the same load on a profiled simulator, separately, so that profiling does not skew the numbers above.
let profile: ReturnType<typeof hotspots> | undefined;
if (flags.profile) {
  const dir = join(tmp, 'profile');
  pool = await freshPool(pool, pool.paths.length, healthy, 'default');
  await measure(
    'simulator --cpu-prof',
    () => simulator('profiled', [], ['--cpu-prof', '--cpu-prof-dir', dir]),
    pool,
    'd-healthy',
  );
  profile = hotspots(dir);
  if (profile.samples < 2_000) log(`profile: only ${profile.samples} samples: the sampler thread starved (busy CPUs)`);
}

// 5. Big world: the same disks with no snapshots (baseline) and with `snapshotCount` snapshots.
const disks = benchDiskIds(diskCount);
const emptyFile = join(tmp, 'world-empty.json');
const bigFile = join(tmp, 'world-big.json');
await writeWorld(emptyFile, diskCount, 0);
log(`writing a world of ${snapshotCount} snapshots over ${diskCount} disks`);
const bigDoc = await writeWorld(bigFile, diskCount, snapshotCount);
log(`wrote ${round(bigDoc.bytes / 2 ** 20)} MiB in ${round(bigDoc.writeMs / 1000)} s`);
// Every disk is snapshotted once before the warm-up, so both runs answer IncorrectDiskStatus.CreatingSnapshot only.
const bigCount = diskCount + Math.ceil(perRun * Math.max(5_000, 1.5 * sim.rps));
let bigPool = await freshPool(undefined, bigCount, disks, 'disks');
const empty = await measure(
  'empty world',
  () => simulator('empty world', ['--world', emptyFile]),
  bigPool,
  disks[0],
  diskCount,
);
bigPool = await freshPool(bigPool, bigCount, disks, 'disks');
const big = await measure(
  'big world',
  () => simulator('big world', ['--world', bigFile], [], 600_000),
  bigPool,
  disks[0],
  diskCount,
);
log(`big world: listening after ${round(big.startupMs / 1000, 2)} s`);

// Report.
const startupMs = median(startups);
const targets = [
  {
    target: `simulator ≥ 0.5 × bare throughput (median of ${rounds} rounds)`,
    value: median(roundRatios),
    goal: 0.5,
    higherIsBetter: true,
  },
  { target: 'simulator ≥ 10 × Prism throughput', value: sim.rps / prism.rps, goal: 10, higherIsBetter: true },
  {
    target: `simulator p99 < 5 ms at ${connections} connections (median of ${rounds} rounds)`,
    value: simP99,
    goal: 5,
    higherIsBetter: false,
  },
  { target: 'listening within 300 ms (median of 5)', value: startupMs, goal: 300, higherIsBetter: false },
  { target: 'big world ≥ 0.8 × empty-world throughput', value: big.rps / empty.rps, goal: 0.8, higherIsBetter: true },
  { target: 'big world RSS < 1 GiB after the load', value: big.rssMiB, goal: 1024, higherIsBetter: false },
].map((t) => ({ ...t, value: round(t.value, 2), pass: t.higherIsBetter ? t.value >= t.goal : t.value < t.goal }));

const runs = {
  ...Object.fromEntries(
    bareRuns.flatMap((b, i) => [
      [`bare #${i + 1}`, b],
      [`simulator #${i + 1}`, simRuns[i]],
    ]),
  ),
  prism,
  emptyWorld: empty,
  bigWorld: big,
} as Record<string, Measured>;
const topCodes = (codes: Record<string, number>, total: number) =>
  Object.entries(codes)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([code, n]) => `${code} ${round((100 * n) / total)}%`)
    .join(', ');
console.log(
  `\nCreateSnapshot benchmark: ${connections} connections, ${durationS} s per target, ${cpus().length} CPUs, node ${process.version}\n`,
);
console.table(
  Object.fromEntries(
    Object.entries(runs).map(([name, r]) => [
      name,
      {
        'req/s': Math.round(r.rps),
        'p50 ms': r.latencyMs.p50,
        'p99 ms': r.latencyMs.p99,
        'max ms': r.latencyMs.max,
        requests: r.total,
        'errors/timeouts': `${r.socketErrors}/${r.timeouts}`,
        'server CPU µs/req': round(r.serverCpuUsPerRequest),
        'client CPU': `${Math.round(100 * r.loadGeneratorCpuShare)}%`,
        'other CPU': `${Math.round(100 * r.foreignCpuShare)}%`,
        'RSS MiB': Math.round(r.rssMiB),
        answers: topCodes(r.codes, r.total),
      },
    ]),
  ),
);
console.log(
  `startup to 'listening on' (default world): median ${round(startupMs)} ms of ${startups.map((ms) => round(ms)).join(', ')}`,
);
console.log(
  `big world: ${snapshotCount} snapshots, ${diskCount} disks, ${round(bigDoc.bytes / 2 ** 20)} MiB JSON, listening after ${round(big.startupMs)} ms (empty world: ${round(empty.startupMs)} ms), peak RSS ${Math.round(big.peakRssMiB)} MiB`,
);
console.log(
  `simulator/bare by round: ${roundRatios.map((r) => round(r, 2)).join(', ')}; simulator p99 by round: ${simRuns.map((r) => r.latencyMs.p99).join(', ')} ms`,
);
console.log(
  `ratios (median round): simulator/bare ${round(sim.rps / bare.rps, 2)}, simulator/Prism ${round(sim.rps / prism.rps, 1)}, big/empty ${round(big.rps / empty.rps, 2)}, big/default ${round(big.rps / sim.rps, 2)}`,
);
console.log(
  `by server CPU per request (less sensitive to other load on the machine): simulator/bare ${round(bare.serverCpuUsPerRequest / sim.serverCpuUsPerRequest, 2)}, simulator/Prism ${round(prism.serverCpuUsPerRequest / sim.serverCpuUsPerRequest, 1)}, big/empty ${round(empty.serverCpuUsPerRequest / big.serverCpuUsPerRequest, 2)}\n`,
);
for (const t of targets) console.log(`${t.pass ? 'PASS' : 'MISS'}  ${t.target}: ${t.value}`);
if (profile !== undefined) {
  console.log(`\nsimulator CPU profile (${profile.samples} samples), top self time:`);
  for (const h of profile.byFunction) console.log(`  ${String(h.selfPercent).padStart(5)} %  ${h.name}`);
  console.log('by file:');
  for (const h of profile.byFile.slice(0, 12)) console.log(`  ${String(h.selfPercent).padStart(5)} %  ${h.name}`);
}

const summary = {
  date: new Date().toISOString(),
  node: process.version,
  cpus: cpus().length,
  loadAverage1m: { before: round(loadBefore, 2), after: round(loadavg()[0] as number, 2) },
  settings: { durationS, warmupS, connections, rounds, snapshots: snapshotCount, disks: diskCount },
  rounds: { simulatorOverBare: roundRatios.map((r) => round(r, 3)), medianRound: medianRound + 1 },
  startup: { medianMs: round(startupMs), samplesMs: startups.map((ms) => round(ms)) },
  bigWorldDocument: { bytes: bigDoc.bytes, writeMs: round(bigDoc.writeMs) },
  runs,
  targets,
  ...(profile === undefined ? {} : { profile }),
};
writeFileSync(join(ROOT, 'bench-results.json'), `${JSON.stringify(summary, null, 2)}\n`);
console.log(`\n${JSON.stringify(summary, null, 2)}`);
console.log('written: bench-results.json');
