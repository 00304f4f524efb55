/**
 * `ecs-conformance check-client`: grades a CreateSnapshot client written in any language, through a driver
 * command, against the simulator: what the client sent, and what it told its caller.
 */
import { availableParallelism } from 'node:os';
import { join, relative } from 'node:path';
import { packageRoot } from '../openapi/package-root.js';
import { type ClientCase, clientCases, selectCases } from './check-client/cases.js';
import { killRunningDrivers } from './check-client/driver.js';
import type { CaseRun } from './check-client/harness.js';
import { writeHtmlReport } from './check-client/html-report.js';
import { FAIL_FAST_AFTER, runCases } from './check-client/run-cases.js';
import { capabilityLines, gradeRun } from './check-client/run-report.js';
import { waiveFlag } from './check-client/waive.js';
import { Reporter, writeReports } from './report.js';
import { parseFlags, UsageError } from './usage.js';

const DEFAULT_TIMEOUT_MS = 15_000;
/** The example drivers, shipped in the package: where they are from here (the repository or node_modules). */
const DRIVERS = relative(process.cwd(), join(packageRoot(), 'examples/drivers')) || '.';

/**
 * Scenarios side by side by default: a driver mostly waits (for its runtime to start, for the simulator's
 * answer, for a retry's back-off), so twice the cores keeps them busy without starving the simulators.
 */
const DEFAULT_JOBS = Math.min(16, 2 * availableParallelism());

const HELP = `Usage: ecs-conformance check-client --driver "COMMAND" [--name LABEL] [--scenarios PATTERN]
                                   [--timeout MS] [--jobs N] [--persistent] [--waive CHECK[,CHECK]]
                                   [--junit FILE] [--json FILE] [--html FILE] [--list]

Grades a CreateSnapshot client in any language against the simulator, through a driver: a small program
that makes one call with your client and prints what the client returned. For each scenario the simulator
(in process, on 127.0.0.1 and a free port) is set up, the driver runs once, and both are checked: what the
client sent (signature, parameters, ClientToken across retries, format) and what it reported (ok,
snapshotId, requestId, code, httpStatus: equal to the simulator's last answer). A client that never
reports the HTTP status of an error is shown once as lacking that capability, and its error scenarios
are graded on what it does report; a status reported wrong always fails. When the first
${FAIL_FAST_AFTER} scenarios fail the same way before any request (the driver cannot start, prints nothing),
the run stops there, with that one message.

Options:
  --driver "COMMAND"   the driver, run through the shell once per scenario (required; see --persistent)
  --persistent         keep one driver running per job instead: it reads one call per line and prints
                       one result line per call, each call to the simulator its "endpoint" names (the
                       drivers in ${DRIVERS}/ can; a driver that dies or hangs is started again)
  --name LABEL         the client's name in reports and the matrix (default: the command)
  --scenarios PATTERN  only the scenarios whose name contains PATTERN or matches it as a regular
                       expression (case-insensitive); --list shows the names
  --timeout MS         kill a driver still running (with --persistent: not answering) after MS milliseconds
                       (default ${DEFAULT_TIMEOUT_MS})
  --jobs N             run N scenarios at a time, each against its own simulator (default ${DEFAULT_JOBS}: twice
                       the CPUs); --jobs 1 runs them one after another, with the same verdicts
  --waive CHECK[,...]  failed checks your team knowingly accepts (e.g. request.clientToken): shown as
                       waived, not counted as failures; every report lists them
  --junit FILE         write a JUnit XML report
  --json FILE          write a JSON report; its "matrix" field feeds matrixMarkdown (compatibility matrix)
  --html FILE          write an HTML report: the matrix, then per scenario what was sent (the journal), what
                       came back, what the client reported and which checks failed, with filters
  --list               print the scenario names and exit
  --help               this text

The driver protocol:
  environment  ECS_ENDPOINT=http://127.0.0.1:PORT (not with --persistent), ECS_ACCESS_KEY_ID,
               ECS_ACCESS_KEY_SECRET (and the environment check-client runs in)
  stdin        one JSON document on one line (with --persistent, one line per call, until stdin ends):
               {"action":"CreateSnapshot","endpoint":"http://127.0.0.1:PORT","format":"JSON"|"XML",
                "scenario":"<name>",
                "input":{"diskId":"d-...","snapshotName":"...","description":"...","retentionDays":30,
                         "category":"Standard","clientToken":"...","tags":[{"key":"k","value":"v"}],
                         "resourceGroupId":"rg-..."}}
               absent input fields are not sent; "format" is the answer format to ask the service for
  stdout       one JSON line (per call), what the client returned to its caller:
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
reported.requestId, reported.code, reported.httpStatus. Any of them can be given to --waive.

Exit status: 0 every scenario passed (waived checks aside), 1 any failed or the run stopped early, 2 a
usage error.`;

function timeoutFlag(value: string | undefined): number {
  if (value === undefined) return DEFAULT_TIMEOUT_MS;
  if (!/^\d+$/.test(value) || Number(value) < 1)
    throw new UsageError(
      `--timeout must be a positive integer of milliseconds, e.g. --timeout ${DEFAULT_TIMEOUT_MS} (got '${value}')`,
    );
  return Number(value);
}

function jobsFlag(value: string | undefined, cases: number): number {
  if (value === undefined) return Math.max(1, Math.min(DEFAULT_JOBS, cases));
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 64)
    throw new UsageError(`--jobs must be an integer from 1 to 64 (scenarios run side by side), got '${value}'`);
  return Math.max(1, Math.min(Number(value), cases));
}

export async function checkClient(argv: string[]): Promise<number> {
  const options = {
    driver: { type: 'string' },
    name: { type: 'string' },
    scenarios: { type: 'string' },
    timeout: { type: 'string' },
    jobs: { type: 'string' },
    persistent: { type: 'boolean' },
    waive: { type: 'string' },
    junit: { type: 'string' },
    json: { type: 'string' },
    html: { type: 'string' },
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
  const waive = waiveFlag(flags.waive);
  if (cases.length === 0)
    throw new UsageError(
      `--scenarios '${flags.scenarios}' matches none of the ${clientCases.length} scenarios; run with --list to see their names`,
    );
  const client = flags.name ?? command;
  const persistent = flags.persistent === true;

  const interrupted = (signal: NodeJS.Signals) => {
    killRunningDrivers();
    console.error(`\ncheck-client: stopped by ${signal}`);
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  console.log(
    `check-client: ${cases.length} scenarios, driver: ${command}${persistent ? ' (persistent: one per job)' : ''}, ${jobs} at a time, each against its own simulator\n`,
  );
  let outcome: Awaited<ReturnType<typeof runCases>>;
  try {
    outcome = await runCases(cases, { command, timeoutMs, jobs, persistent });
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
  }
  if (outcome.stopped !== undefined) {
    console.log(
      `check-client: stopped after the first ${FAIL_FAST_AFTER} scenarios: the driver failed the same way on each, without sending a request:\n\n${outcome.stopped.replace(/^/gm, '  ')}\n\nTry it by hand: echo '${JSON.stringify({ action: 'CreateSnapshot', format: 'JSON', scenario: cases[0]?.name, input: cases[0]?.input })}' | ${command}`,
    );
    return 1;
  }
  const report = gradeRun(client, command, cases, outcome.runs as CaseRun[], waive);
  const reporter = new Reporter();
  for (const r of report.results) reporter.add(r);
  console.log(`\n${capabilityLines(report).join('\n')}`);
  const summary = reporter.close();
  // Waived checks are named in every report: in the JUnit suite's name, the JSON's "waived", the HTML's summary.
  const waived = waive.size === 0 ? '' : ` (waived: ${[...waive].join(', ')})`;
  writeReports({ junit: flags.junit, json: flags.json }, `check-client ${client}${waived}`, report.results, {
    ...report.json,
  });
  if (flags.html !== undefined) writeHtmlReport(flags.html, [report.json]);
  return summary.failed > 0 ? 1 : 0;
}
