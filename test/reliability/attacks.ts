/**
 * Attacks on a running `serve`, over real sockets on 127.0.0.1, shared by test/reliability/memory.test.ts (small)
 * and scripts/stress.ts (`npm run stress`, large): clients that pipeline large control-plane reads and never
 * read the answers, a journal filled with large requests, and the measure of what the server holds (its RSS).
 */
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';

/** The resident set of process `pid` in bytes (Linux /proc). */
export function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  return kb === undefined ? 0 : Number(kb) * 1024;
}

/** Sends `count` requests with bodies of `bodyBytes` (one connection, each answered before the next). */
export async function fillJournal(port: number, count: number, bodyBytes: number): Promise<void> {
  const body = `DiskId=d-healthy&Padding=${'x'.repeat(Math.max(0, bodyBytes - 26))}`;
  for (let i = 0; i < count; i++) {
    await fetch(`http://127.0.0.1:${port}/?Action=CreateSnapshot&Format=JSON`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    }).then((r) => r.arrayBuffer());
  }
}

/**
 * A client that writes `count` pipelined `GET path` (in writes of about 64 KiB) and reads nothing. Resolves
 * with its socket (to destroy) once everything is written or the server stopped taking it, with how much the
 * server took.
 */
export function deafClient(port: number, path: string, count: number): Promise<{ socket: Socket; written: number }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.pause(); // never reads
    socket.on('error', () => {});
    const request = `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`;
    const perWrite = Math.max(1, Math.floor(65536 / request.length));
    let sent = 0;
    let written = 0;
    const finish = () => resolve({ socket, written });
    const pump = () => {
      while (sent < count) {
        const n = Math.min(perWrite, count - sent);
        sent += n;
        written += n * request.length;
        if (!socket.write(request.repeat(n))) {
          // The server stopped reading: wait a little for it to take more, else give up (it holds the rest off).
          const timer = setTimeout(finish, 500);
          socket.once('drain', () => {
            clearTimeout(timer);
            pump();
          });
          return;
        }
      }
      finish();
    };
    socket.on('connect', pump);
    socket.on('close', finish);
  });
}

/** GET /_sim/health on a fresh connection: its status, or 0 when it did not come within `timeoutMs`. */
export async function health(port: number, timeoutMs = 5000): Promise<number> {
  try {
    const r = await fetch(`http://127.0.0.1:${port}/_sim/health`, { signal: AbortSignal.timeout(timeoutMs) });
    await r.arrayBuffer();
    return r.status;
  } catch {
    return 0;
  }
}
