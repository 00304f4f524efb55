/** Runs the real ecs-conformance binary (from source, through tsx) as a child process. */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

export function startCli(args: string[]): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['--import', 'tsx', main, ...args], { stdio: 'pipe' });
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
