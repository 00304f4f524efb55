/**
 * Runs a driver: the user's command, through the shell, with the call on stdin and the simulator in the
 * environment; reads its one JSON result from stdout. A driver that hangs is killed with its children.
 */
import { spawn } from 'node:child_process';

/** What a driver prints: its client's answer, as the client told its caller. */
export interface DriverResult {
  ok: boolean;
  snapshotId?: string | null;
  requestId?: string | null;
  code?: string | null;
  httpStatus?: number | null;
  /** Free text: why the client failed without an API error (network, unreadable answer, exception). */
  error?: string | null;
}

export interface DriverRun {
  /** The parsed result, or why there is none. */
  result: { ok: true; value: DriverResult } | { ok: false; problem: string };
  exitCode: number | null;
  timedOut: boolean;
  stderr: string;
  durationMs: number;
}

const MAX_OUTPUT = 1024 * 1024;

/** Drivers still running: their own process groups do not get the terminal's Ctrl-C, so it is passed on. */
const running = new Set<() => void>();

/** Kills every driver still running, with what it started (on SIGINT or SIGTERM of check-client). */
export function killRunningDrivers(): void {
  for (const kill of running) kill();
}

function tail(text: string, lines = 5): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/** Checks the printed JSON against the protocol; every problem names the field. */
export function parseDriverResult(stdout: string): DriverRun['result'] {
  const text = stdout.trim();
  if (text === '') return { ok: false, problem: 'the driver printed nothing on stdout' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Tolerate chatter before the result: the last line that is a JSON object.
    const last = text
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.startsWith('{'))
      .pop();
    try {
      parsed = last === undefined ? undefined : JSON.parse(last);
    } catch {
      parsed = undefined;
    }
    if (parsed === undefined)
      return { ok: false, problem: `the driver printed no JSON result on stdout:\n${tail(text)}` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return { ok: false, problem: `the driver's result must be a JSON object, got ${JSON.stringify(parsed)}` };
  const r = parsed as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof r.ok !== 'boolean') problems.push('"ok" must be true or false');
  for (const k of ['snapshotId', 'requestId', 'code', 'error'])
    if (r[k] !== undefined && r[k] !== null && typeof r[k] !== 'string')
      problems.push(`"${k}" must be a string or null`);
  if (r.httpStatus !== undefined && r.httpStatus !== null && !Number.isInteger(r.httpStatus))
    problems.push('"httpStatus" must be an integer or null');
  if (problems.length > 0)
    return { ok: false, problem: `the driver's result breaks the protocol: ${problems.join('; ')} (got ${text})` };
  return { ok: true, value: r as unknown as DriverResult };
}

export function runDriver(options: {
  command: string;
  stdin: string;
  env: Record<string, string>;
  timeoutMs: number;
}): Promise<DriverRun> {
  const started = performance.now();
  const group = process.platform !== 'win32';
  const child = spawn(options.command, {
    shell: true,
    stdio: 'pipe',
    env: { ...process.env, ...options.env },
    // Its own process group, so that a timeout kills what the shell started too.
    detached: group,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    if (stdout.length < MAX_OUTPUT) stdout += d;
  });
  child.stderr.on('data', (d: Buffer) => {
    if (stderr.length < MAX_OUTPUT) stderr += d;
  });
  // A driver that exits without reading its stdin is not an error of the kit.
  child.stdin.on('error', () => {});
  child.stdin.end(options.stdin);
  let timedOut = false;
  const kill = () => {
    try {
      if (group && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      else child.kill('SIGKILL');
    } catch {
      // Already gone.
    }
  };
  running.add(kill);
  const timer = setTimeout(() => {
    timedOut = true;
    kill();
    // A process that left the group may still hold the pipes open: stop waiting for them.
    child.stdout.destroy();
    child.stderr.destroy();
  }, options.timeoutMs);
  return new Promise((resolve) => {
    let finished = false;
    const done = (exitCode: number | null, spawnError?: Error, signal?: NodeJS.Signals | null) => {
      if (finished) return;
      finished = true;
      running.delete(kill);
      clearTimeout(timer);
      const durationMs = performance.now() - started;
      let result: DriverRun['result'];
      if (spawnError !== undefined) result = { ok: false, problem: `cannot start the driver: ${spawnError.message}` };
      else if (timedOut)
        result = { ok: false, problem: `the driver did not finish within ${options.timeoutMs} ms and was killed` };
      else {
        result = parseDriverResult(stdout);
        if (!result.ok) {
          const exit =
            exitCode === 0 ? '' : exitCode === null ? ` (it was killed by ${signal})` : ` (it exited with ${exitCode})`;
          const err = stderr.trim() === '' ? '' : `\nits stderr ends with:\n${tail(stderr)}`;
          result = { ok: false, problem: `${result.problem}${exit}${err}` };
        }
      }
      resolve({ result, exitCode, timedOut, stderr, durationMs });
    };
    child.once('error', (error) => done(null, error));
    child.once('close', (code, signal) => done(code, undefined, signal));
  });
}
