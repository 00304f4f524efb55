/**
 * Runs the cases, `jobs` at a time, each against a simulator of its own (its own world, clock, ids and
 * journal): no case can see another's requests, and a SnapshotId is the same whichever order cases run in,
 * so a parallel run grades exactly as a serial one. With `persistent`, each job keeps one driver session
 * for its cases (a new one after a session dies). Stops early when the driver cannot work at all.
 */
import type { ClientCase } from './cases.js';
import { type DriverSession, killRunningDrivers, runDriver, startDriverSession } from './driver.js';
import { type CaseDriver, type CaseRun, startHarness } from './harness.js';

/** How many cases, the first to finish, must fail the same way before the run stops. */
export const FAIL_FAST_AFTER = 3;

export interface CasesRun {
  /** In the order of the cases; undefined for cases not run because the run stopped. */
  runs: Array<CaseRun | undefined>;
  /** Why the run stopped early: the driver's one problem, as it failed on the first cases. */
  stopped: string | undefined;
}

export interface RunOptions {
  command: string;
  timeoutMs: number;
  jobs: number;
  /** One driver per job answering a call per line, instead of one driver run per case. */
  persistent?: boolean;
}

/**
 * The first line of the driver's problem when it printed no usable result and sent no request: the same
 * line on the first cases means the driver cannot start or never answers, whatever the scenario.
 */
function brokenDriver(run: CaseRun): string | undefined {
  if (run.run.result.ok || run.requests.length > 0) return undefined;
  return run.run.result.problem;
}

/** A job's way of running the driver: once per case, or through a session it keeps alive. */
function jobDriver(options: RunOptions): { driver: CaseDriver; close(): void } {
  if (options.persistent !== true)
    return {
      driver: (call, env) =>
        runDriver({
          command: options.command,
          stdin: `${JSON.stringify(call)}\n`,
          env: { ...env },
          timeoutMs: options.timeoutMs,
        }),
      close: () => {},
    };
  let session: DriverSession | undefined;
  return {
    driver: (call, env) => {
      if (session === undefined || !session.alive) {
        // Every call names its simulator: the session's environment names none.
        const { ECS_ENDPOINT: _perCall, ...shared } = env;
        session = startDriverSession({ command: options.command, env: shared });
      }
      return session.call(JSON.stringify(call), options.timeoutMs);
    },
    close: () => session?.close(),
  };
}

export async function runCases(cases: ClientCase[], options: RunOptions): Promise<CasesRun> {
  const runs: CasesRun['runs'] = cases.map(() => undefined);
  const finished: CaseRun[] = [];
  let stopped: string | undefined;
  let next = 0;
  const work = async () => {
    const job = jobDriver(options);
    try {
      for (let i = next++; i < cases.length && stopped === undefined; i = next++) {
        const harness = await startHarness();
        try {
          const run = await harness.runCase(cases[i] as ClientCase, job.driver);
          if (stopped !== undefined) return;
          runs[i] = run;
          finished.push(run);
        } finally {
          await harness.close();
        }
        if (finished.length === FAIL_FAST_AFTER && cases.length > FAIL_FAST_AFTER) {
          const problems = finished.map(brokenDriver);
          const firstLines = new Set(problems.map((p) => p?.split('\n')[0]));
          if (problems.every((p) => p !== undefined) && firstLines.size === 1) {
            stopped = problems[0];
            // The cases still running would only fail the same way: stop them now.
            killRunningDrivers();
          }
        }
      }
    } finally {
      job.close();
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.jobs, cases.length) }, work));
  return { runs, stopped };
}
