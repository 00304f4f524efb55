/**
 * Runs the real ecs-conformance binary as a child process: the compiled one in dist/ (what users run,
 * and ten times faster to start) when it is at least as new as every source file, else from source via tsx.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const compiled = join(root, 'dist/src/cli/main.js');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

export const cliCommand: string[] =
  existsSync(compiled) && statSync(compiled).mtimeMs >= newestSource(join(root, 'src'))
    ? [compiled]
    : ['--import', 'tsx', join(root, 'src/cli/main.ts')];

export function startCli(args: string[]): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [...cliCommand, ...args], { stdio: 'pipe' });
}

export async function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = startCli(args);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d;
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d;
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, stdout, stderr };
}

/** Resolves with the URL of the first `listening on URL` line, with everything printed until then. */
export function listeningUrl(child: ChildProcessWithoutNullStreams, timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(
      () => reject(new Error(`no 'listening on' line within ${timeoutMs} ms:\n${out}`)),
      timeoutMs,
    );
    child.stdout.on('data', (d: Buffer) => {
      out += d;
      const m = /^listening on (http:\/\/\S+)$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1] as string);
      }
    });
    child.on('exit', (code) => reject(new Error(`exited with ${code} before listening:\n${out}`)));
  });
}
