/**
 * `ecs-conformance check-client`, black-box: the real binary grades the reference client's driver (every
 * scenario), a deliberately broken driver (each lie named), and refuses bad command lines with exit 2.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientCases, selectCases } from '../../src/cli/check-client/cases.js';
import { parseDriverResult } from '../../src/cli/check-client/driver.js';
import type { CaseRun } from '../../src/cli/check-client/harness.js';
import { type MatrixRun, matrixMarkdown } from '../../src/cli/check-client/matrix.js';
import { runCases } from '../../src/cli/check-client/run-cases.js';
import { gradeRun } from '../../src/cli/check-client/run-report.js';
import { checkClient } from '../../src/cli/check-client.js';
import { UsageError } from '../../src/cli/usage.js';
import { runCli } from '../support/cli.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const node = (file: string, ...args: string[]) => [`"${process.execPath}"`, `"${join(root, file)}"`, ...args].join(' ');
const referenceDriver = node('examples/drivers/reference-client.mjs');
const liar = node('test/fixtures/drivers/liar.mjs');
const out = mkdtempSync(join(tmpdir(), 'check-client-'));

interface JsonReport {
  summary: { passed: number; failed: number; skipped: number };
  client: string;
  matrix: MatrixRun;
  cases: Array<{
    name: string;
    status: string;
    retried: boolean;
    attempts: number;
    failedChecks: string[];
    answers: unknown[];
    reported: unknown;
  }>;
}

beforeAll(() => {
  // The drivers use the compiled client; `npm ci` builds it (prepare). Build it here only when it is missing.
  if (!existsSync(join(root, 'dist/src/client/index.js'))) {
    spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
      cwd: root,
    });
  }
  expect(existsSync(join(root, 'dist/src/client/index.js')), 'dist/ is missing: run npm run build').toBe(true);
}, 120_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe.concurrent('ecs-conformance check-client', () => {
  // A spread of scenarios of every kind; every scenario is graded by `npm run matrix` and `npm run pack-smoke`.
  it('passes the reference client on a spread of scenarios, and its JSON report makes a matrix', async () => {
    const json = join(out, 'reference.json');
    const junit = join(out, 'reference.xml');
    const spread =
      'every optional parameter$|QuotaExceed\\.Snapshot|InvalidSnapshotName|SignatureDoesNotMatch|InternalError$|IdempotentParameterMismatch|DiskInArrears|^retry:|^latency:|^XML:';
    const selected = clientCases.filter((c) => new RegExp(spread, 'i').test(c.name));
    const result = await runCli([
      'check-client',
      '--driver',
      referenceDriver,
      '--name',
      'reference',
      '--scenarios',
      spread,
      '--json',
      json,
      '--junit',
      junit,
      '--jobs',
      '2',
    ]);
    expect(result.stderr).toBe('');
    expect(selected.length).toBeGreaterThanOrEqual(13);
    expect(result.stdout).toContain(`\n${selected.length} passed, 0 failed, 0 skipped\n`);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^ok {3}reference › retry: 503 ServiceUnavailable injected once \(\d+ ms\)$/m);

    const report = JSON.parse(readFileSync(json, 'utf8')) as JsonReport;
    expect(report.summary).toEqual({ passed: selected.length, failed: 0, skipped: 0 });
    expect(report.matrix.client).toBe('reference');
    expect(report.matrix.results.map((r) => r.name)).toEqual(selected.map((c) => c.name));
    // The reference driver turns its client's retries on: each injected transient error is retried.
    const retry = report.cases.filter((c) => c.name.startsWith('retry:'));
    expect(retry.map((c) => [c.retried, c.attempts])).toEqual([
      [true, 2],
      [true, 2],
      [true, 2],
    ]);
    expect(readFileSync(junit, 'utf8')).toContain(`tests="${selected.length}" failures="0"`);

    const matrix = matrixMarkdown([report.matrix]);
    expect(matrix).toContain(`| reference | ${selected.length} | 0 | 0 |`);
    expect(matrix).toContain('| latency: the answer is 1000 ms late | pass |');
    expect(matrix).toContain('| retry: 403 Throttling injected once | pass (retried) |');
  }, 60_000);

  it('grades the same serially as side by side: each scenario has a simulator of its own', async () => {
    // In process (the binary's flags are tested above): the runner and the grading, serial and 4 at a time.
    const cases = selectCases(
      'every optional parameter$|QuotaExceed\\.Snapshot$|^retry: 500|^XML:|IdempotentParameterMismatch',
    );
    const graded = async (jobs: number, persistent = false) => {
      const { runs } = await runCases(cases, { command: referenceDriver, timeoutMs: 15_000, jobs, persistent });
      const { json } = gradeRun('reference', referenceDriver, cases, runs as CaseRun[], new Set());
      // Everything but what the clock and the client's own randomness make (times, nonces, signatures).
      return json.cases.map(({ name, status, failedChecks, attempts, answers, reported }) => ({
        name,
        status,
        failedChecks,
        attempts,
        answers,
        reported,
      }));
    };
    // And with --persistent: a driver per job answering a call per line grades as a driver per case.
    const [serial, parallel, persistent] = await Promise.all([graded(1), graded(4), graded(2, true)]);
    expect(serial.length).toBeGreaterThanOrEqual(6);
    expect(parallel).toEqual(serial);
    expect(persistent).toEqual(serial);
    expect(JSON.stringify(serial)).toMatch(/"snapshotId":"s-sim\w+"/);
  }, 60_000);

  it.each([
    { mode: 'once per scenario', flags: [], hung: 'did not finish within', crashed: 'printed nothing on stdout' },
    {
      mode: '--persistent',
      flags: ['--persistent'],
      hung: 'did not answer within',
      crashed: 'ended before it answered the call',
    },
  ])(
    'names each check a lying driver fails, and exits 1 ($mode)',
    async ({ flags, hung, crashed }) => {
      const result = await runCli([
        'check-client',
        ...flags,
        '--driver',
        liar,
        '--name',
        'liar',
        // Long enough for a driver's Node to start on a busy machine; the hanging case still runs into it.
        '--timeout',
        '4000',
        '--scenarios',
        'every optional parameter$|answered 403 QuotaExceed.Snapshot$|retry: 503|DiskInArrears|InstanceLockedForSecurity|answered 404 InvalidDiskId.NotFound$',
      ]);
      expect(result.code).toBe(1);
      const { stdout } = result;
      expect(stdout).toMatch(
        /reported\.snapshotId: reported snapshotId s-made-up-by-the-liar, the service answered s-/,
      );
      expect(stdout).toContain('reported.code: reported code InternalError, the service answered QuotaExceed.Snapshot');
      expect(stdout).toContain(
        'request.clientToken: the ClientToken changed across attempts: ct-check-client-service-unavailable, (empty)',
      );
      expect(stdout).toContain('retried: 2 attempts (503 ServiceUnavailable → 200 SnapshotId s-');
      // A hang and a crash cost their own scenarios only: with --persistent, the next one has a new driver.
      expect(stdout).toContain(`driver: the driver ${hung} 4000 ms and was killed`);
      expect(stdout).toContain(`driver: the driver ${crashed} (it exited with 3)`);
      expect(stdout).toContain('reported.httpStatus: reported httpStatus 500, the service answered 404');
      expect(stdout).toContain('\n0 passed, 6 failed, 0 skipped\n');
    },
    30_000,
  );

  it('waives the checks it is told to, and lists them in every report', async () => {
    const json = join(out, 'waived.json');
    const result = await runCli([
      'check-client',
      '--driver',
      liar,
      '--scenarios',
      'answered 403 QuotaExceed.Snapshot$',
      '--waive',
      'reported.code,request.clientToken',
      '--json',
      json,
      '--junit',
      `${json}.xml`,
    ]);
    expect(readFileSync(`${json}.xml`, 'utf8')).toContain('(waived: reported.code, request.clientToken)');
    expect(result.stdout).toContain(
      'waived reported.code: reported code InternalError, the service answered QuotaExceed.Snapshot',
    );
    expect(result.stdout).toContain(
      'waived (--waive): reported.code, request.clientToken: failures accepted in 1 scenario(s)',
    );
    expect(result.stdout).toContain('\n1 passed, 0 failed, 0 skipped\n');
    expect(result.code).toBe(0);
    const report = JSON.parse(readFileSync(json, 'utf8')) as JsonReport & { waived: string[] };
    expect(report.waived).toEqual(['reported.code', 'request.clientToken']);
    expect(report.cases[0]).toMatchObject({ status: 'passed', failedChecks: [], waivedChecks: ['reported.code'] });
    expect(matrixMarkdown([report.matrix])).toContain('| 1 | 0 | 0 | yes | `reported.code` `request.clientToken` |');
  });

  it('stops after the first scenarios when the driver fails the same way on each, with one message', async () => {
    const result = await runCli(['check-client', '--driver', 'no-such-driver-of-check-client --flag']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      'check-client: stopped after the first 3 scenarios: the driver failed the same way on each, without sending a request:',
    );
    expect(result.stdout).toContain('the driver printed nothing on stdout (it exited with 127)');
    expect(result.stdout).not.toMatch(/passed, \d+ failed/);
    // A driver that hangs: the first scenarios' timeouts, not 55 of them.
    const started = performance.now();
    const hung = await runCli(['check-client', '--driver', 'sleep 30', '--timeout', '1000', '--jobs', '4']);
    expect(hung.code).toBe(1);
    expect(hung.stdout).toContain('  the driver did not finish within 1000 ms and was killed');
    expect(performance.now() - started).toBeLessThan(20_000);
    // A driver that reads to the end of stdin cannot answer with --persistent: the stop says what is wrong.
    const toEof = `"${process.execPath}" -e "process.stdin.resume().on('end', () => console.log('{}'))"`;
    const waiting = await runCli(['check-client', '--persistent', '--driver', toEof, '--timeout', '1000']);
    expect(waiting.code).toBe(1);
    expect(waiting.stdout).toContain(
      'the driver did not answer within 1000 ms and was killed (with --persistent it must print each result as a line',
    );
  });

  it.each([
    [[], '--driver is required'],
    [
      ['--driver', 'true', '--timeout', 'soon'],
      "--timeout must be a positive integer of milliseconds, e.g. --timeout 15000 (got 'soon')",
    ],
    [['--driver', 'true', '--timeout', '0'], '--timeout must be a positive integer of milliseconds'],
    [['--driver', 'true', '--jobs', '0'], '--jobs must be an integer from 1 to 64'],
    [
      ['--driver', 'true', '--waive', 'reported.httpstatus'],
      "--waive takes check names separated by commas, e.g. --waive reported.httpStatus; 'reported.httpstatus' is not one of: driver, request.arrived",
    ],
    [['--driver', 'true', '--frobnicate'], "Unknown option '--frobnicate'; check-client takes --driver"],
    [['--driver', 'true', '--scenarios', 'no such scenario'], "--scenarios 'no such scenario' matches none"],
  ])('refuses %j as a usage error, naming the flag and the fix', async (args, message) => {
    // In process: the binary maps UsageError to exit 2 (checked once below).
    await expect(checkClient(args)).rejects.toThrow(UsageError);
    await expect(checkClient(args)).rejects.toThrow(message);
  });

  it('exits 2 on a usage error, with the message on stderr and nothing on stdout', async () => {
    const result = await runCli(['check-client', '--driver', 'true', '--jobs', '0']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--jobs must be an integer from 1 to 64');
    expect(result.stdout).toBe('');
  });

  // The Alibaba SDK drivers on a few telling scenarios (npm run matrix grades them on every scenario):
  // the verdicts, failures included, are what the matrix in examples/drivers/MATRIX.md says.
  it.each([
    {
      client: '@alicloud/ecs20140526 (V3)',
      driver: node('examples/drivers/alicloud-ecs20140526.mjs'),
      want: {
        'a CreateSnapshot request with every optional parameter': 'passed',
        'a CreateSnapshot request answered 403 QuotaExceed.Snapshot': 'passed',
        'retry: 503 ServiceUnavailable injected once': 'passed',
        'XML: a CreateSnapshot request with every optional parameter, answered in XML': 'failed',
      },
    },
    {
      client: '@alicloud/pop-core (GET)',
      driver: node('examples/drivers/alicloud-pop-core.mjs'),
      // It never tells its caller the HTTP status: a capability shown once, its errors graded on the rest.
      want: {
        'a CreateSnapshot request with every optional parameter': 'passed',
        'a CreateSnapshot request answered 403 QuotaExceed.Snapshot': 'passed',
        // Its real failure: it cannot read an XML error (SyntaxError), so it reports no code.
        'XML: a CreateSnapshot request answered 404 InvalidDiskId.NotFound in XML': 'failed',
      },
    },
  ])('grades $client as the matrix says', async ({ client, driver, want }) => {
    const json = join(out, `${client.replace(/\W+/g, '-')}.json`);
    const pattern = Object.keys(want)
      .map((n) => `^${n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`)
      .join('|');
    const result = await runCli([
      'check-client',
      '--driver',
      driver,
      '--scenarios',
      pattern,
      '--json',
      json,
      '--jobs',
      '2',
    ]);
    const report = JSON.parse(readFileSync(json, 'utf8')) as JsonReport;
    expect(Object.fromEntries(report.cases.map((c) => [c.name, c.status]))).toEqual(want);
    expect(result.code).toBe(Object.values(want).includes('failed') ? 1 : 0);
    expect(result.stdout).toContain(
      `capabilities: reports the HTTP status of an API error: ${client.includes('pop-core') ? 'no (error scenarios graded on the code and RequestId it reports)' : 'yes'}`,
    );
  });

  it('prints its usage with the driver protocol on --help', async () => {
    const result = await runCli(['check-client', '--help']);
    expect(result.code).toBe(0);
    for (const text of [
      '--driver "COMMAND"',
      '--persistent',
      '"endpoint":"http://127.0.0.1:PORT"',
      'ECS_ENDPOINT',
      'ECS_ACCESS_KEY_SECRET',
      'stdin',
      '"httpStatus":403',
    ])
      expect(result.stdout).toContain(text);
  });
});

describe('check-client parts', () => {
  it('reads a driver result after chatter, and names what breaks the protocol', () => {
    expect(parseDriverResult('starting...\n{"ok":true,"snapshotId":"s-1","requestId":"r"}\n')).toEqual({
      ok: true,
      value: { ok: true, snapshotId: 's-1', requestId: 'r' },
    });
    const bad = parseDriverResult('{"ok":"yes","httpStatus":"403"}');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.problem).toContain('"ok" must be true or false; "httpStatus" must be an integer or null');
    expect(parseDriverResult('')).toEqual({ ok: false, problem: 'the driver printed nothing on stdout' });
  });

  it('lays out a matrix: clients across, scenarios down, failures in detail', () => {
    const md = matrixMarkdown([
      { client: 'a', results: [{ name: 's1', status: 'passed', retried: true }] },
      {
        client: 'b|c',
        results: [
          { name: 's1', status: 'failed', failedChecks: ['reported.httpStatus'], message: 'reported.httpStatus: x' },
          { name: 's2', status: 'skipped' },
        ],
      },
    ]);
    expect(md).toContain('| scenario | a | b\\|c |');
    expect(md).toContain('| s1 | pass (retried) | **FAIL** `reported.httpStatus` |');
    expect(md).toContain('| s2 | – | skip |');
    expect(md).toContain('### b|c: 1 failed\n\n- s1\n  - reported.httpStatus: x\n');
  });
});
