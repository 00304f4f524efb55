/**
 * The lock of a state file: FILE.lock, created exclusively, holding who holds it. Two servers on one file would
 * each compact over the other's changes and lose acknowledged snapshots; the second is refused, naming the
 * first. A lock left by a process that died (SIGKILL, a crash) is taken over: its pid is no longer running.
 */
import { closeSync, constants, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';

/** Thrown when the file is held; the message names the holder. */
export class StateLockError extends Error {
  override name = 'StateLockError';
}

interface Holder {
  pid: number;
  host: string;
  since: string;
}

function holderOf(lockPath: string): Holder | undefined {
  try {
    const value = JSON.parse(readFileSync(lockPath, 'utf8')) as Partial<Holder>;
    return typeof value.pid === 'number' && typeof value.host === 'string' && typeof value.since === 'string'
      ? (value as Holder)
      : undefined;
  } catch {
    return undefined;
  }
}

function running(holder: Holder): boolean {
  if (holder.host !== hostname()) return true; // another machine's process: cannot tell, so it holds
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock of `path` (FILE.lock); returns its release. Throws {@link StateLockError}. */
export function lockStateFile(path: string): () => void {
  const lockPath = `${path}.lock`;
  const me: Holder = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    let fd: number;
    try {
      // O_EXCL: created here or not at all (never through a symbolic link someone planted).
      fd = openSync(lockPath, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST')
        throw new StateLockError(`cannot create the lock ${lockPath}: ${(error as Error).message}`);
      const holder = holderOf(lockPath);
      if (holder !== undefined && running(holder))
        throw new StateLockError(
          `${path} is in use by another server (pid ${holder.pid} on ${holder.host}, since ${holder.since}; lock ${lockPath}): stop it, or use another file`,
        );
      if (holder === undefined && attempt === 0) {
        // Being written this instant by a server starting, or left unreadable: not ours to take at once.
        throw new StateLockError(
          `${path} is locked (${lockPath} exists but names no holder); remove it if no server uses the file`,
        );
      }
      unlinkSync(lockPath); // its holder is gone
      continue;
    }
    try {
      writeSync(fd, JSON.stringify(me));
    } finally {
      closeSync(fd);
    }
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      process.off('exit', release);
      if (holderOf(lockPath)?.pid === process.pid) unlinkSync(lockPath);
    };
    process.on('exit', release);
    return release;
  }
  throw new StateLockError(`cannot take the lock ${lockPath}`);
}
