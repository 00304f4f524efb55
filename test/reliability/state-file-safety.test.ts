/**
 * `serve --state-file` against what can break it (issue "Safe to run anywhere"): a second server on the same
 * file, links planted as FILE.log and FILE.tmp, log lines that do not belong, a disk that fills up; and a
 * property: whatever sequence of accepted changes, a restart (clean or a crash) gives back the same world.
 */

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, linkSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/core/clock.js';
import { moveClock, replaceWorld } from '../../src/core/controls.js';
import { defaultFixtures } from '../../src/core/default-world.js';
import { Simulator } from '../../src/core/simulator.js';
import { worldToDocument } from '../../src/core/world-document.js';
import { openStateFile } from '../../src/node/state-file.js';
import { cliCommand, listeningUrl, runCli, startCli } from '../support/cli.js';

const directories: string[] = [];
afterAll(() => {
  for (const dir of directories) rmSync(dir, { recursive: true, force: true });
});
function stateFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ecs-state-safety-'));
  directories.push(dir);
  return join(dir, 'state.json');
}
const serveArgs = (file: string) => ['serve', '--port', '0', '--state-file', file];
const json = { 'content-type': 'application/json' };

describe('serve --state-file cannot be broken', () => {
  it('refuses a second server on the same file (exit 2, naming the holder), and takes over a dead one', async () => {
    const file = stateFile();
    const first = startCli(serveArgs(file));
    await listeningUrl(first);
    while (!existsSync(`${file}.lock`)) await new Promise((r) => setTimeout(r, 20));
    const second = await runCli(serveArgs(file));
    expect(second.code).toBe(2);
    expect(second.stderr).toContain(`in use by another server (pid ${first.pid}`);
    first.kill('SIGKILL'); // leaves its lock behind
    await once(first, 'exit');
    expect(existsSync(`${file}.lock`)).toBe(true);
    const third = startCli(serveArgs(file));
    await listeningUrl(third);
    third.kill('SIGTERM');
    await once(third, 'exit');
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  it.each(['log', 'tmp'])('never writes through a symbolic link planted as FILE.%s', async (which) => {
    const file = stateFile();
    const victim = join(file, '..', 'victim.txt');
    writeFileSync(victim, 'precious');
    symlinkSync(victim, `${file}.${which}`);
    const result = await runCli(serveArgs(file));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file}.${which} is a symbolic link; refusing to follow it`);
    expect(readFileSync(victim, 'utf8')).toBe('precious');
  });

  it('never truncates a file hard-linked as FILE.log: the log is made anew', async () => {
    const file = stateFile();
    const victim = join(file, '..', 'victim.txt');
    writeFileSync(victim, '');
    writeFileSync(file, '{}');
    linkSync(victim, `${file}.log`);
    const child = startCli(serveArgs(file));
    const url = await listeningUrl(child);
    await fetch(`${url}/_sim/clock`, { method: 'POST', headers: json, body: '{"advanceSeconds":5}' });
    child.kill('SIGTERM');
    await once(child, 'exit');
    expect(readFileSync(victim, 'utf8')).toBe('');
    expect(statSync(`${file}.log`).ino).not.toBe(statSync(victim).ino);
  });

  it.each([
    [
      'a line out of sequence',
      '{"seq":1,"type":"clock","now":1,"offsetMs":0}\n{"seq":3,"type":"clock","now":2,"offsetMs":0}\n',
      'line 2: seq 3 where 2 must come',
    ],
    [
      'a first line that does not follow FILE',
      '{"seq":5,"type":"clock","now":1,"offsetMs":0}\n',
      'line 1: seq 5 where 1 must come',
    ],
    ['an unknown type', '{"seq":1,"type":"mystery"}\n', 'line 1: type: must be "snapshot" or "clock"'],
  ])('stops the start on %s, with a message, leaving the files as they were', async (_name, log, message) => {
    const file = stateFile();
    writeFileSync(file, '{}');
    writeFileSync(`${file}.log`, log);
    const result = await runCli(serveArgs(file));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(readFileSync(`${file}.log`, 'utf8')).toBe(log);
  });

  it('acknowledges no change it could not write: on a full disk it stops, and every acknowledged change is kept', async () => {
    const file = stateFile();
    const small = join(file, '..', 'world.json');
    writeFileSync(small, '{"disks":[{"diskId":"d-1"}]}');
    // A file size limit (ulimit -f, KiB) above the FILE of that small world: the log fills it after about 100
    // clock moves.
    const script = `ulimit -f 8; exec "${process.execPath}" ${cliCommand.map((a) => `"${a}"`).join(' ')} serve --port 0 --world "${small}" --state-file "${file}"`;
    const child = spawn('bash', ['-c', script], { stdio: 'pipe' });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const url = await listeningUrl(child as never);
    let acknowledged = '';
    let refused = 0;
    for (let i = 0; i < 5000 && refused === 0; i++) {
      try {
        const r = await fetch(`${url}/_sim/clock`, { method: 'POST', headers: json, body: '{"advanceSeconds":60}' });
        if (r.status !== 200) refused++;
        else acknowledged = ((await r.json()) as { now: string }).now;
      } catch {
        refused++;
      }
    }
    expect(await exited).toBe(1);
    expect(acknowledged).not.toBe('');
    expect(statSync(file).size).toBeLessThan(8 * 1024);
    const restarted = startCli(serveArgs(file));
    const again = await listeningUrl(restarted);
    const world = (await (await fetch(`${again}/_sim/world`)).json()) as { now: string };
    expect(Date.parse(world.now)).toBeGreaterThanOrEqual(Date.parse(acknowledged));
    restarted.kill('SIGTERM');
    await once(restarted, 'exit');
  }, 60_000);
});

class FixedClock implements Clock {
  now(): number {
    return Date.UTC(2026, 11, 1);
  }
}

type Change =
  | { kind: 'snapshot'; disk: number; token: string | undefined }
  | { kind: 'clock'; seconds: number }
  | { kind: 'world'; disks: number }
  | { kind: 'reset' };

const change: fc.Arbitrary<Change> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('snapshot' as const),
      disk: fc.nat(defaultFixtures.length - 1),
      token: fc.option(fc.constantFrom('ct-a', 'ct-b', 'ct-c'), { nil: undefined }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('clock' as const), seconds: fc.integer({ min: 0, max: 200_000 }) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('world' as const), disks: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'reset' as const }) },
);

function apply(sim: Simulator, c: Change): void {
  switch (c.kind) {
    case 'snapshot': {
      const diskId = (defaultFixtures[c.disk] ?? defaultFixtures[0])?.diskId as string;
      sim.createSnapshot({ DiskId: diskId, ...(c.token === undefined ? {} : { ClientToken: c.token }) });
      return;
    }
    case 'clock':
      moveClock(sim, { advanceSeconds: c.seconds });
      return;
    case 'world':
      replaceWorld(sim, { disks: Array.from({ length: c.disks }, (_, i) => ({ diskId: `d-w${i}` })) });
      return;
    case 'reset':
      sim.reset();
  }
}

describe('what serve --state-file writes always loads again', () => {
  it('gives back the same world after any sequence of accepted changes, after a clean stop or a crash', () => {
    fc.assert(
      fc.property(
        fc.array(change, { maxLength: 25 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 8 }),
        (changes, crash, every) => {
          const file = stateFile();
          const onWriteError = (error: Error) => {
            throw error;
          };
          const sim = new Simulator({ wallClock: new FixedClock() });
          const store = openStateFile(sim, file, { compactEvery: every, onWriteError });
          for (const c of changes) apply(sim, c);
          const expected = worldToDocument(sim.world());
          if (crash)
            rmSync(`${file}.lock`); // a killed process: no last compaction, a lock nobody holds
          else store.close();
          const again = new Simulator({ wallClock: new FixedClock() });
          const reopened = openStateFile(again, file, { compactEvery: every, onWriteError });
          expect(worldToDocument(again.world())).toEqual(expected);
          reopened.close();
          if (crash) store.close = () => {};
        },
      ),
      { numRuns: 60, seed: 0x57a7e },
    );
  });
});
