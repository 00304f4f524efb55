/**
 * HTTP fuzzing of the standalone simulator at scale: the generators and checks of
 * test/reliability/fuzz/ (the same as `npm test` runs 400 of), over real sockets, ~16 in flight.
 *
 *   node --import tsx scripts/fuzz.ts [--runs 100000] [--seed N] [--concurrency 16] [--timeout-ms 5000]
 *                                     [--max-minutes 10] [--examples 3]
 *
 * Also one request in 200 just past one of x-assumptions.limits (URL, body, headers, parameters).
 * --runs counts requests (a replayed nonce is two). The world moves on as it goes: the virtual clock advances
 * two hours every 1,000 plans (snapshots complete, disks change) and the world is reset every 10,000, with
 * nothing in flight. Prints progress every 10,000 requests, then the figures: requests, time, requests/s,
 * answers by status and code, failures by kind with their first counterexamples. Exits 1 on any failure,
 * on a control plane that no longer answers, or when the time bound stopped the run short; 2 on a usage error.
 */
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { FuzzSession, formatFailure, type Plan, planAtScale } from '../test/reliability/fuzz/index.js';

const HOUR = 3_600_000;
const BATCH = 1000;
const RESET_EVERY_BATCHES = 10;

function usage(message: string): never {
  console.error(`fuzz: ${message}`);
  console.error(
    'usage: node --import tsx scripts/fuzz.ts [--runs 100000] [--seed N] [--concurrency 16] [--timeout-ms 5000] [--max-minutes 10] [--examples 3]',
  );
  process.exit(2);
}

function integerFlag(name: string, text: string | undefined, fallback: number, min: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min)
    usage(`--${name} must be an integer of at least ${min} (got ${text})`);
  return value;
}

let parsed: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    options: {
      runs: { type: 'string' },
      seed: { type: 'string' },
      concurrency: { type: 'string' },
      'timeout-ms': { type: 'string' },
      'max-minutes': { type: 'string' },
      examples: { type: 'string' },
    },
    strict: true,
  }).values;
}
try {
  parsed = parse();
} catch (e) {
  usage((e as Error).message);
}

const runs = integerFlag('runs', parsed.runs, 100_000, 1);
const seed = integerFlag('seed', parsed.seed, Math.floor(Math.random() * 2 ** 31), -(2 ** 31));
const concurrency = integerFlag('concurrency', parsed.concurrency, 16, 1);
const timeoutMs = integerFlag('timeout-ms', parsed['timeout-ms'], 5000, 1);
const maxMinutes = integerFlag('max-minutes', parsed['max-minutes'], 10, 1);
const examples = integerFlag('examples', parsed.examples, 3, 0);

// The server logs what it answers InternalError for (its own bugs) with console.error: count them instead.
const logged = new Map<string, number>();
console.error = (...args: unknown[]) => {
  const [first] = args;
  const line = (first instanceof Error ? `${first.name}: ${first.message}` : String(first)).split('\n')[0] ?? '';
  logged.set(line, (logged.get(line) ?? 0) + 1);
};

const session = await new FuzzSession(timeoutMs, concurrency).start();
const started = performance.now();
const deadline = started + maxMinutes * 60_000;
const elapsed = () => (performance.now() - started) / 1000;
console.log(
  `fuzz: seed ${seed}, ${runs} requests, ${concurrency} in flight, timeout ${timeoutMs} ms, at most ${maxMinutes} min, on ${session.host}`,
);

let nextProgress = 10_000;
let stoppedShort = false;
let batch = 0;

/** Runs `plans` with `concurrency` workers; stops taking new ones past the request budget or the deadline. */
async function runBatch(plans: Plan[]): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < plans.length && session.requests < runs) {
      if (performance.now() > deadline) {
        stoppedShort = true;
        return;
      }
      const p = plans[next++] as Plan;
      await session.run(p, examples);
      if (session.requests >= nextProgress) {
        nextProgress += 10_000;
        console.log(
          `  ${session.requests} requests, ${elapsed().toFixed(1)} s, ${Math.round(session.requests / elapsed())} req/s, ${session.failed} failing`,
        );
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

while (session.requests < runs && !stoppedShort) {
  // One seeded stream per batch: the run is reproducible with --seed, and no more than a batch is in memory.
  await runBatch(fc.sample(planAtScale, { seed: seed + batch, numRuns: BATCH }));
  batch++;
  session.sim.clock.advance(2 * HOUR);
  if (batch % RESET_EVERY_BATCHES === 0) session.resetWorld();
}

const seconds = elapsed();
const health = await session.health();
await session.close();

const rate = Math.round(session.requests / seconds);
console.log(`\nrequests: ${session.requests} in ${seconds.toFixed(1)} s (${rate} req/s), seed ${seed}`);
console.log('answers (status, code):');
for (const [answer, count] of [...session.byAnswer].sort((a, b) => b[1] - a[1]))
  console.log(`  ${String(count).padStart(7)}  ${answer}`);
console.log(`control plane after the run: GET /_sim/health → ${health}`);
for (const [line, count] of logged) console.log(`the server logged ${count} × ${line}`);
if (stoppedShort) console.log(`stopped short: the ${maxMinutes}-minute bound came first`);

if (session.failed === 0) console.log('failures: none');
else {
  console.log(`failures: ${session.failed} requests broke the contract, by kind:`);
  const kinds = [...session.byKind].sort((a, b) => b[1].count - a[1].count);
  for (const [kind, { count }] of kinds) console.log(`  ${String(count).padStart(7)}  ${kind}`);
  for (const [kind, entry] of kinds) {
    if (entry.examples.length === 0) continue;
    console.log(`\n=== ${kind} (${entry.count}); first ${entry.examples.length}:`);
    for (const f of entry.examples) console.log(`\n${formatFailure(f)}`);
  }
}
process.exit(session.failed > 0 || stoppedShort || !health.startsWith('200 ') ? 1 : 0);
