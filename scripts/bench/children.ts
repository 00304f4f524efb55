/**
 * Servers under test run as child processes, so the load generator never shares their event loop.
 * Every child is tracked and killed when the benchmark ends, normally or not.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** The line every target prints when ready: the simulator, the bare server and Prism ("Prism is listening on ..."). */
const LISTENING = /listening on http:\/\/127\.0\.0\.1:(\d+)/;
const TAIL_BYTES = 4096;

const live = new Set<ChildProcess>();
const killAll = () => {
  for (const child of live) child.kill('SIGKILL');
};
process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killAll();
    process.exit(130);
  });
}

export interface RunningServer {
  name: string;
  pid: number;
  port: number;
  /** From spawn to the listening line. */
  startupMs: number;
  /** The last few KiB of stdout and stderr, for error messages. */
  tail(): string;
  /** SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

export function startServer(
  name: string,
  command: string,
  args: string[],
  options: { timeoutMs: number; env?: NodeJS.ProcessEnv },
): Promise<RunningServer> {
  const started = performance.now();
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: options.env ?? process.env });
  live.add(child);
  let tail = '';
  let exited = false;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', () => {
      exited = true;
      live.delete(child);
      resolve();
    });
  });
  const stop = async (graceMs = 10_000) => {
    if (exited) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exit;
    clearTimeout(timer);
  };
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      void stop(0);
      reject(new Error(`${name}: ${why}\n--- output ---\n${tail}`));
    };
    const timer = setTimeout(() => fail(`no listening line within ${options.timeoutMs} ms`), options.timeoutMs);
    let ready = false;
    const onData = (chunk: Buffer) => {
      // Keep draining after the listening line (Prism logs every request): a full pipe would stall the child.
      tail = (tail + chunk.toString('utf8')).slice(-TAIL_BYTES);
      const match = ready ? null : LISTENING.exec(tail);
      if (match === null) return;
      ready = true;
      clearTimeout(timer);
      const startupMs = performance.now() - started;
      resolve({ name, pid: child.pid as number, port: Number(match[1]), startupMs, tail: () => tail, stop });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', (error) => fail(`cannot start: ${error.message}`));
    child.once('exit', (code, signal) => {
      if (!ready) fail(`exited (code ${code}, signal ${signal}) before listening`);
    });
  });
}

/** Resident set size of a live process, in MiB (Linux: VmRSS and its peak VmHWM of /proc/PID/status). */
export function memoryOf(pid: number): { rssMiB: number; peakRssMiB: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rssMiB: kib('VmRSS') / 1024, peakRssMiB: kib('VmHWM') / 1024 };
}

/** CPU time (user + system) a live process has used so far, in ms (/proc/PID/stat, 100 ticks a second). */
export function cpuMsOf(pid: number): number {
  // The command name (field 2) may hold spaces: count fields from after its closing parenthesis.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** CPU time all processes have used so far, in ms (/proc/stat: user, nice, system, irq, softirq, steal). */
export function systemBusyMs(): number {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]?.trim().split(/\s+/) ?? [];
  return [1, 2, 3, 6, 7, 8].reduce((sum, i) => sum + Number(cpu[i]), 0) * 10;
}

/** A port free right now on 127.0.0.1, for servers that cannot be told to pick one (Prism). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** A node:http server answering every request with the same small JSON body: the ceiling. */
export const BARE_SERVER_SOURCE = `
const http = require('node:http');
const body = JSON.stringify({ RequestId: '2B0E1C9A-0000-4000-8000-000000000000', SnapshotId: 's-bare000000000000000' });
const headers = { 'content-type': 'application/json;charset=utf-8', 'content-length': Buffer.byteLength(body) };
const server = http.createServer((req, res) => { res.writeHead(200, headers); res.end(body); });
server.listen(0, '127.0.0.1', () => console.log('listening on http://127.0.0.1:' + server.address().port));
process.on('SIGTERM', () => process.exit(0));
`;
