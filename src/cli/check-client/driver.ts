/**
 * Runs a driver: the user's command, through the shell, with the simulator in the environment or the call.
 * Once per scenario (the call on stdin, its one JSON result read from stdout at exit), or, with
 * --persistent, as a session that answers one call per line, each call a line of stdin and its result a
 * line of stdout. A driver that hangs is killed with its children; a session that dies is started again.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';

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
  /** null while a session's driver lives on after answering, or when it was killed. */
  exitCode: number | null;
  timedOut: boolean;
  /** What the driver wrote on stderr: the whole run; in a session, since the previous call was answered. */
  stderr: string;
  durationMs: number;
}

/** The most check-client keeps (in characters) of a driver's stdout and of its stderr, per run or per session call. */
export const MAX_OUTPUT = 1024 * 1024;

/** Drivers still running: their own process groups do not get the terminal's Ctrl-C, so it is passed on. */
const running = new Set<() => void>();

/** Kills every driver still running, with what it started (on SIGINT or SIGTERM of check-client). */
export function killRunningDrivers(): void {
  for (const kill of running) kill();
}

function tail(text: string, lines = 5): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/** Checks a parsed result against the protocol; every problem names the field. */
function checkResult(parsed: unknown, text: string): DriverRun['result'] {
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

/** A line of output that is a JSON object, parsed; undefined for chatter. */
function jsonObjectLine(line: string): unknown {
  const text = line.trim();
  if (!text.startsWith('{')) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Reads the printed JSON of a driver run once per scenario: the whole output, or the last JSON line after chatter. */
export function parseDriverResult(stdout: string): DriverRun['result'] {
  const text = stdout.trim();
  if (text === '') return { ok: false, problem: 'the driver printed nothing on stdout' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = text
      .split('\n')
      .map(jsonObjectLine)
      .filter((p) => p !== undefined)
      .pop();
    if (parsed === undefined)
      return { ok: false, problem: `the driver printed no JSON result on stdout:\n${tail(text)}` };
  }
  return checkResult(parsed, text);
}

/** How it ended, for a problem: "" for exit 0, " (it exited with N)", " (it was killed by SIG…)". */
function howItEnded(exitCode: number | null, signal: NodeJS.Signals | null): string {
  return exitCode === 0 ? '' : exitCode === null ? ` (it was killed by ${signal})` : ` (it exited with ${exitCode})`;
}

function stderrTail(stderr: string): string {
  return stderr.trim() === '' ? '' : `\nits stderr ends with:\n${tail(stderr)}`;
}

/** Appends to a bounded buffer: what is past MAX_OUTPUT is dropped. */
const bounded = (buffer: string, chunk: string) =>
  buffer.length < MAX_OUTPUT ? buffer + chunk.slice(0, MAX_OUTPUT - buffer.length) : buffer;

interface Started {
  child: ChildProcessWithoutNullStreams;
  /** SIGKILL to the driver's process group (what the shell started too). */
  kill(): void;
  /** Forget the driver: it ended. */
  forget(): void;
}

function start(command: string, env: Readonly<Record<string, string>>): Started {
  const group = process.platform !== 'win32';
  const child = spawn(command, {
    shell: true,
    stdio: 'pipe',
    env: { ...process.env, ...env },
    // Its own process group, so that a timeout kills what the shell started too.
    detached: group,
  });
  // A driver that exits without reading its stdin is not an error of the kit.
  child.stdin.on('error', () => {});
  // Text, decoded across chunks: a character split between two reads stays whole.
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  const kill = () => {
    try {
      if (group && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      else child.kill('SIGKILL');
    } catch {
      // Already gone.
    }
  };
  running.add(kill);
  return { child, kill, forget: () => running.delete(kill) };
}

/** Runs the driver once: `stdin` written and closed, its result read from everything it printed. */
export function runDriver(options: {
  command: string;
  stdin: string;
  env: Readonly<Record<string, string>>;
  timeoutMs: number;
}): Promise<DriverRun> {
  const started = performance.now();
  const { child, kill, forget } = start(options.command, options.env);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: string) => {
    stdout = bounded(stdout, d);
  });
  child.stderr.on('data', (d: string) => {
    stderr = bounded(stderr, d);
  });
  child.stdin.end(options.stdin);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    kill();
    // A process that left the group may still hold the pipes open: stop waiting for them.
    child.stdout.destroy();
    child.stderr.destroy();
  }, options.timeoutMs);
  return new Promise((resolve) => {
    let finished = false;
    const done = (exitCode: number | null, spawnError?: Error, signal: NodeJS.Signals | null = null) => {
      if (finished) return;
      finished = true;
      forget();
      clearTimeout(timer);
      const durationMs = performance.now() - started;
      let result: DriverRun['result'];
      if (spawnError !== undefined) result = { ok: false, problem: `cannot start the driver: ${spawnError.message}` };
      else if (timedOut)
        result = { ok: false, problem: `the driver did not finish within ${options.timeoutMs} ms and was killed` };
      else {
        result = parseDriverResult(stdout);
        if (!result.ok)
          result = { ok: false, problem: `${result.problem}${howItEnded(exitCode, signal)}${stderrTail(stderr)}` };
      }
      resolve({ result, exitCode, timedOut, stderr, durationMs });
    };
    child.once('error', (error) => done(null, error));
    child.once('close', (code, signal) => done(code, undefined, signal));
  });
}

/** A driver that stays up (--persistent): one call at a time, each answered by one JSON line. */
export interface DriverSession {
  /** Writes the call as one line, and reads the first JSON object line the driver prints after it. */
  call(line: string, timeoutMs: number): Promise<DriverRun>;
  /** False once the driver ended, was killed, or broke the protocol: start another for the next call. */
  readonly alive: boolean;
  /** Closes its stdin (a driver ends there), and kills it if it is still running a moment later. */
  close(): void;
}

/** How long a session's driver has to end by itself once its stdin is closed. */
const CLOSE_GRACE_MS = 2_000;

export function startDriverSession(options: { command: string; env: Readonly<Record<string, string>> }): DriverSession {
  const { child, kill, forget } = start(options.command, options.env);
  let alive = true;
  let ended: { exitCode: number | null; signal: NodeJS.Signals | null; error?: Error } | undefined;
  /** The line being read; chatter of the current call (non-JSON lines); stderr of the current call. */
  let partial = '';
  let chatter = '';
  let stderr = '';
  let pending: ((line: unknown, text: string) => void) | undefined;
  let onEnd: (() => void) | undefined;

  const retire = () => {
    alive = false;
    kill();
  };
  child.stdout.on('data', (d: string) => {
    partial += d;
    let newline = partial.indexOf('\n');
    while (newline !== -1) {
      const line = partial.slice(0, newline);
      partial = partial.slice(newline + 1);
      const parsed = jsonObjectLine(line);
      if (parsed !== undefined && pending !== undefined) {
        const answer = pending;
        pending = undefined;
        answer(parsed, line.trim());
      } else if (parsed !== undefined) {
        // A result no call asked for would be taken for the next call's: this driver cannot be trusted on.
        chatter = bounded(chatter, `${line}\n`);
        retire();
      } else chatter = bounded(chatter, `${line}\n`);
      newline = partial.indexOf('\n');
    }
    if (partial.length > MAX_OUTPUT) {
      partial = '';
      chatter = bounded(chatter, `(a line of over ${MAX_OUTPUT} characters)\n`);
      retire();
    }
  });
  child.stderr.on('data', (d: string) => {
    stderr = bounded(stderr, d);
  });
  const finish = (exitCode: number | null, signal: NodeJS.Signals | null, error?: Error) => {
    if (ended !== undefined) return;
    ended = { exitCode, signal, ...(error === undefined ? {} : { error }) };
    alive = false;
    forget();
    onEnd?.();
  };
  child.once('error', (error) => finish(null, null, error));
  child.once('close', (code, signal) => finish(code, signal));

  return {
    get alive() {
      return alive;
    },
    call(line, timeoutMs) {
      const started = performance.now();
      chatter = '';
      stderr = '';
      return new Promise<DriverRun>((resolve) => {
        let timedOut = false;
        const settle = (result: DriverRun['result'], exitCode: number | null) => {
          clearTimeout(timer);
          pending = undefined;
          onEnd = undefined;
          resolve({ result, exitCode, timedOut, stderr, durationMs: performance.now() - started });
        };
        const whenEnded = () => {
          const e = ended as NonNullable<typeof ended>;
          if (e.error !== undefined)
            return settle({ ok: false, problem: `cannot start the driver: ${e.error.message}` }, null);
          const printed = chatter.trim() === '' ? '' : `\nit printed:\n${tail(chatter)}`;
          settle(
            {
              ok: false,
              problem: `the driver ended before it answered the call${howItEnded(e.exitCode, e.signal)}${printed}${stderrTail(stderr)}`,
            },
            e.exitCode,
          );
        };
        const timer = setTimeout(() => {
          timedOut = true;
          retire();
          settle(
            {
              ok: false,
              problem: `the driver did not answer within ${timeoutMs} ms and was killed (with --persistent it must print each result as a line as soon as it has it, without waiting for the end of stdin)`,
            },
            null,
          );
        }, timeoutMs);
        if (ended !== undefined || !alive) {
          if (ended !== undefined) return whenEnded();
          onEnd = whenEnded;
          return;
        }
        pending = (parsed, text) => settle(checkResult(parsed, text), null);
        onEnd = whenEnded;
        child.stdin.write(line.endsWith('\n') ? line : `${line}\n`);
      });
    },
    close() {
      if (ended !== undefined) return;
      alive = false;
      child.stdin.end();
      const timer = setTimeout(kill, CLOSE_GRACE_MS);
      timer.unref();
      child.once('close', () => clearTimeout(timer));
    },
  };
}
