/**
 * `ecs-conformance check-client`: grades a CreateSnapshot client written in any language, through a driver
 * command, against the simulator: what the client sent, and what it told its caller.
 */
import { join, relative } from 'node:path';
import { packageRoot } from '../openapi/package-root.js';
import { type ClientCase, clientCases, selectCases } from './check-client/cases.js';
import { killRunningDrivers } from './check-client/driver.js';
import type { CheckName } from './check-client/grade.js';
import { type Harness, startHarness } from './check-client/harness.js';
import type { MatrixRun } from './check-client/matrix.js';
import { type CaseResult, Reporter, writeReports } from './report.js';
import { parseFlags, UsageError } from './usage.js';

const DEFAULT_TIMEOUT_MS = 15_000;
/** The example drivers, shipped in the package: where they are from here (the repository or node_modules). */
const DRIVERS = relative(process.cwd(), join(packageRoot(), 'examples/drivers')) || '.';

const HELP = `Usage: ecs-conformance check-client --driver "COMMAND" [--name LABEL] [--scenarios PATTERN]
                                   [--timeout MS] [--jobs N] [--junit FILE] [--json FILE] [--list]

Grades a CreateSnapshot client in any language against the simulator, through a driver: a small program
that makes one call with your client and prints what the client returned. For each scenario the simulator
(in process, on 127.0.0.1 and a free port) is set up, the driver runs once, and both are checked: what the
client sent (signature, parameters, ClientToken across retries, format) and what it reported (ok,
snapshotId, requestId, code, httpStatus: equal to the simulator's last answer).

Options:
  --driver "COMMAND"   the driver, run through the shell once per scenario (required)
  --name LABEL         the client's name in reports and the matrix (default: the command)
  --scenarios PATTERN  only the scenarios whose name contains PATTERN or matches it as a regular
                       expression (case-insensitive); --list shows the names
  --timeout MS         kill a driver still running after MS milliseconds (default ${DEFAULT_TIMEOUT_MS})
  --jobs N             run N scenarios at a time, each against its own simulator (default 1); for drivers
                       that are slow to start, if they can run side by side
  --junit FILE         write a JUnit XML report
  --json FILE          write a JSON report; its "matrix" field feeds matrixMarkdown (compatibility matrix)
  --list               print the scenario names and exit
  --help               this text

The driver protocol:
  environment  ECS_ENDPOINT=http://127.0.0.1:PORT, ECS_ACCESS_KEY_ID, ECS_ACCESS_KEY_SECRET
               (and the environment check-client runs in)
  stdin        one JSON document:
               {"action":"CreateSnapshot","format":"JSON"|"XML","scenario":"<name>",
                "input":{"diskId":"d-...","snapshotName":"...","description":"...","retentionDays":30,
                         "category":"Standard","clientToken":"...","tags":[{"key":"k","value":"v"}],
                         "resourceGroupId":"rg-..."}}
               absent input fields are not sent; "format" is the answer format to ask the service for
  stdout       one JSON line, what the client returned to its caller:
               {"ok":true,"snapshotId":"s-...","requestId":"..."}
               {"ok":false,"code":"QuotaExceed.Snapshot","httpStatus":403,"requestId":"..."}
               httpStatus null (or absent) when the client does not tell it: graded as not reported.
               On an unexpected exception: {"ok":false,"code":null,"httpStatus":null,"error":"<message>"}
  retries      up to the client; it must report the last answer it got, and every attempt must carry
               the same ClientToken (the call's, or one it made up)
  examples     ${DRIVERS}/ (reference client, @alicloud/ecs20140526, @alicloud/pop-core; a Python driver
               in its README.md)

Checks, named in each failure: driver (a result was printed in time), request.arrived, request.answer
(the first request met the scenario's answer), request.signature, request.parameters (exactly the call's),
request.undocumented, request.clientToken, request.format (XML calls), reported.ok, reported.snapshotId,
reported.requestId, reported.code, reported.httpStatus.

Exit status: 0 every scenario passed, 1 any failed, 2 a usage error.`;

function timeoutFlag(value: string | undefined): number {
  if (value === undefined) return DEFAULT_TIMEOUT_MS;
  if (!/^\d+$/.test(value) || Number(value) < 1)
    throw new UsageError(
      `--timeout must be a positive integer of milliseconds, e.g. --timeout ${DEFAULT_TIMEOUT_MS} (got '${value}')`,
    );
  return Number(value);
}

function jobsFlag(value: string | undefined, cases: number): number {
  if (value === undefined) return 1;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 64)
    throw new UsageError(`--jobs must be an integer from 1 to 64 (scenarios run side by side), got '${value}'`);
  return Math.max(1, Math.min(Number(value), cases));
}

/** The JSON report of one case: the matrix cell and what grading saw. */
interface CaseReport {
  name: string;
  status: CaseResult['status'];
  failedChecks: CheckName[];
  retried: boolean;
  attempts: number;
  answers: unknown[];
  reported: unknown;
  message?: string;
}

export async function checkClient(argv: string[]): Promise<number> {
  const options = {
    driver: { type: 'string' },
    name: { type: 'string' },
    scenarios: { type: 'string' },
    timeout: { type: 'string' },
    jobs: { type: 'string' },
    junit: { type: 'string' },
    json: { type: 'string' },
    list: { type: 'boolean' },
    help: { type: 'boolean' },
  } as const;
  let flags: ReturnType<typeof parseFlags<typeof options>>;
  try {
    flags = parseFlags(argv, options);
  } catch (error) {
    const known = Object.keys(options)
      .map((k) => `--${k}`)
      .join(', ');
    throw new UsageError(`${(error as Error).message}; check-client takes ${known}`);
  }
  if (flags.help) {
    console.log(HELP);
    return 0;
  }
  const cases: ClientCase[] = selectCases(flags.scenarios);
  if (flags.list) {
    for (const c of cases) console.log(c.name);
    return 0;
  }
  const command = flags.driver?.trim();
  if (command === undefined || command === '')
    throw new UsageError(
      `--driver is required: give the command that runs your client once, e.g. --driver "node ${DRIVERS}/reference-client.mjs"`,
    );
  const timeoutMs = timeoutFlag(flags.timeout);
  const jobs = jobsFlag(flags.jobs, cases.length);
  if (cases.length === 0)
    throw new UsageError(
      `--scenarios '${flags.scenarios}' matches none of the ${clientCases.length} scenarios; run with --list to see their names`,
    );
  const client = flags.name ?? command;

  const reporter = new Reporter();
  const reports: Array<{ result: CaseResult; report: CaseReport } | undefined> = cases.map(() => undefined);
  // One simulator per job: cases share nothing, so they may run side by side; reported in their order.
  const harnesses = await Promise.all(Array.from({ length: jobs }, () => startHarness()));
  const where = harnesses.map((h) => h.endpoint).join(', ');
  console.log(`check-client: ${cases.length} scenarios, driver: ${command}, simulator: ${where}\n`);
  let next = 0;
  let printed = 0;
  const work = async (harness: Harness) => {
    for (let i = next++; i < cases.length; i = next++) {
      const c = cases[i] as ClientCase;
      const { grade, run, durationMs } = await harness.runCase(c, { command, timeoutMs });
      const lines = grade.failures.map((f) => `${f.check}: ${f.detail}`);
      if (grade.note !== undefined) lines.push(grade.note);
      const message = lines.length > 0 ? lines.join('\n') : undefined;
      const status = grade.passed ? 'passed' : 'failed';
      reports[i] = {
        result: { suite: client, name: c.name, status, durationMs, ...(message ? { message } : {}) },
        report: {
          name: c.name,
          status,
          failedChecks: [...new Set(grade.failures.map((f) => f.check))],
          retried: grade.retried,
          attempts: grade.attempts,
          answers: grade.answers,
          reported: run.result.ok ? run.result.value : null,
          ...(message ? { message } : {}),
        },
      };
      for (let done = reports[printed]; done !== undefined; done = reports[++printed]) reporter.add(done.result);
    }
  };
  const interrupted = (signal: NodeJS.Signals) => {
    killRunningDrivers();
    console.error(`\ncheck-client: stopped by ${signal}`);
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    await Promise.all(harnesses.map(work));
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    await Promise.all(harnesses.map((h) => h.close()));
  }
  const summary = reporter.close();
  const caseReports = reports.map((r) => (r as { report: CaseReport }).report);
  const matrix: MatrixRun = {
    client,
    results: caseReports.map((r) => ({
      name: r.name,
      status: r.status,
      failedChecks: r.failedChecks,
      retried: r.retried,
      ...(r.message ? { message: r.message } : {}),
    })),
  };
  writeReports({ junit: flags.junit, json: flags.json }, `check-client ${client}`, reporter.results, {
    client,
    driver: command,
    matrix,
    cases: caseReports,
  });
  return summary.failed > 0 ? 1 : 0;
}
