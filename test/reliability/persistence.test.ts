/**
 * `serve --state-file`, black-box: real processes, stopped cleanly, killed under load, started on files
 * left as a crash leaves them, and on files that are no state at all.
 */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { Simulator } from '../../src/core/simulator.js';
import {
  DEFAULT_ACCESS_KEY_ID,
  DEFAULT_ACCESS_KEY_SECRET,
  parseWorldDocument,
  type WorldDocument,
} from '../../src/core/world-document.js';
import { openStateFile } from '../../src/node/state-file.js';
import { nodeHasher } from '../../src/protocol/node-hasher.js';
import { signV1Request } from '../../src/protocol/sign-request.js';
import { listeningUrl, runCli, startCli } from '../support/cli.js';

const credentials = { accessKeyId: DEFAULT_ACCESS_KEY_ID, accessKeySecret: DEFAULT_ACCESS_KEY_SECRET };
const directories: string[] = [];
afterAll(() => {
  for (const dir of directories) rmSync(dir, { recursive: true, force: true });
});

function stateFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ecs-state-'));
  directories.push(dir);
  return join(dir, 'state.json');
}

interface Running {
  child: ChildProcessWithoutNullStreams;
  url: string;
  output: () => string;
}

async function serve(file: string): Promise<Running> {
  const child = startCli(['serve', '--port', '0', '--state-file', file]);
  let output = '';
  child.stdout.on('data', (d: Buffer) => {
    output += d;
  });
  child.stderr.on('data', (d: Buffer) => {
    output += d;
  });
  const url = await listeningUrl(child);
  // The state file's line comes a little after the listening line.
  while (!/^state file: /m.test(output)) await once(child.stdout, 'data');
  return { child, url, output: () => output };
}

async function stop({ child }: Running, signal: 'SIGTERM' | 'SIGKILL'): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = once(child, 'exit');
  child.kill(signal);
  const [code] = (await exited) as [number | null];
  return code;
}

/** A signed V1 CreateSnapshot; the SnapshotId of a 200, else the error code. */
async function createSnapshot(
  server: Running,
  params: Record<string, string>,
): Promise<{ status: number; snapshotId?: string; code?: string }> {
  const request = await signV1Request({ hasher: nodeHasher, credentials, params, host: new URL(server.url).host });
  const response = await fetch(`${server.url}${request.url}`);
  const body = (await response.json()) as { SnapshotId?: string; Code?: string };
  return {
    status: response.status,
    ...(body.SnapshotId === undefined ? {} : { snapshotId: body.SnapshotId }),
    ...(body.Code === undefined ? {} : { code: body.Code }),
  };
}

async function control(server: Running, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${server.url}/_sim/${path}`, {
    method,
    ...(method === 'GET' ? {} : { headers: { 'content-type': 'application/json' } }),
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(response.status, `${method} /_sim/${path}`).toBe(200);
  return response.json();
}

const getWorld = async (server: Running) => (await control(server, 'GET', 'world')) as Required<WorldDocument>;
const ids = <T>(items: T[], key: keyof T) => items.map((i) => String(i[key])).sort();

describe('serve --state-file', () => {
  it('keeps snapshots, ClientTokens, a replaced world and the clock across a restart; reset is kept too', async () => {
    const file = stateFile();
    const first = await serve(file);
    expect(first.output()).toContain(`state file: ${file} (created)`);
    const a = await createSnapshot(first, { DiskId: 'd-healthy', ClientToken: 'ct-restart-1' });
    expect(a.status).toBe(200);
    const world = await getWorld(first);
    world.disks.push({ diskId: 'd-added', sizeGiB: 100 });
    await control(first, 'PUT', 'world', world);
    const b = await createSnapshot(first, { DiskId: 'd-added', ClientToken: 'ct-restart-2', SnapshotName: 'kept' });
    expect(b.status).toBe(200);
    const moved = (await control(first, 'POST', 'clock', { advanceSeconds: 7200 })) as { now: string };
    const before = await getWorld(first);
    expect(await stop(first, 'SIGTERM')).toBe(0);
    expect(statSync(`${file}.log`).size).toBe(0); // the clean stop compacted everything into the file

    const second = await serve(file);
    expect(second.output()).toContain(`state file: ${file} (restored)`);
    const after = await getWorld(second);
    expect(ids(after.snapshots, 'snapshotId')).toEqual(ids(before.snapshots, 'snapshotId'));
    expect(ids(after.snapshots, 'snapshotId')).toEqual(expect.arrayContaining([a.snapshotId, b.snapshotId]));
    expect(after.clientTokens).toEqual(before.clientTokens);
    expect(after.disks).toEqual(before.disks);
    expect(after.snapshots.find((s) => s.snapshotId === b.snapshotId)).toMatchObject({
      name: 'kept',
      status: 'accomplished', // two virtual hours later
      createdAt: before.snapshots.find((s) => s.snapshotId === b.snapshotId)?.createdAt,
    });
    expect(Date.parse(after.now as string)).toBeGreaterThanOrEqual(Date.parse(moved.now));
    // A replay answers the SnapshotId of before; a new snapshot gets an id no earlier run gave out.
    expect(await createSnapshot(second, { DiskId: 'd-healthy', ClientToken: 'ct-restart-1' })).toEqual(a);
    const c = await createSnapshot(second, { DiskId: 'd-available' });
    expect(c.status).toBe(200);
    expect(ids(before.snapshots, 'snapshotId')).not.toContain(c.snapshotId);

    await control(second, 'POST', 'reset');
    const reset = await getWorld(second);
    await stop(second, 'SIGKILL'); // the reset was saved before its answer
    const third = await serve(file);
    const afterReset = await getWorld(third);
    expect(afterReset.disks.map((d) => d.diskId)).not.toContain('d-added');
    expect(ids(afterReset.snapshots, 'snapshotId')).toEqual(ids(reset.snapshots, 'snapshotId'));
    expect(ids(afterReset.clientTokens, 'clientToken')).toEqual(ids(reset.clientTokens, 'clientToken'));
    await stop(third, 'SIGTERM');
  });

  it('loses no acknowledged snapshot when killed (SIGKILL) under load', async () => {
    const file = stateFile();
    const first = await serve(file);
    let lostInFlight = 0;
    const disks = Array.from({ length: 300 }, (_, i) => `d-load-${String(i).padStart(3, '0')}`);
    await control(first, 'PUT', 'world', { disks: [...disks, 'd-held'].map((diskId) => ({ diskId, sizeGiB: 20 })) });
    // Requests held past the kill, their ClientTokens "processing" meanwhile: certainly in flight then.
    const held = ['ct-held-1', 'ct-held-2'];
    await control(first, 'PUT', 'faults', {
      rules: [{ action: 'CreateSnapshot', diskId: 'd-held', delayMs: 60_000, times: held.length }],
    });
    const holding = held.map((ClientToken) =>
      createSnapshot(first, { DiskId: 'd-held', ClientToken }).then(
        () => expect.fail('a held request was answered'),
        () => lostInFlight++,
      ),
    );

    // Per disk and round: a ClientToken, the same again (a replay, or in flight with the first), and
    // another (refused while the first snapshot progresses); the clock moves 10 minutes between rounds.
    const jobs = function* () {
      for (let round = 0; ; round++) {
        for (const diskId of disks) {
          const token = `ct-${round}-${diskId}`;
          yield { DiskId: diskId, ClientToken: token };
          yield { DiskId: diskId, ClientToken: token };
          yield { DiskId: diskId, ClientToken: `${token}-other` };
        }
        yield 'advance' as const;
      }
    };
    const queue = jobs();
    const acknowledged = new Map<string, { snapshotId: string; diskId: string }>();
    let latestClock = 0;
    let killed = false;
    const worker = async () => {
      while (!killed) {
        const job = queue.next().value as ReturnType<typeof queue.next>['value'];
        try {
          if (job === 'advance') {
            const { now } = (await control(first, 'POST', 'clock', { advanceSeconds: 600 })) as { now: string };
            latestClock = Math.max(latestClock, Date.parse(now));
            continue;
          }
          if (job === undefined) return;
          const answer = await createSnapshot(first, job);
          if (answer.status !== 200) continue;
          const token = job.ClientToken as string;
          const known = acknowledged.get(token);
          if (known !== undefined) expect(answer.snapshotId).toBe(known.snapshotId);
          acknowledged.set(token, { snapshotId: answer.snapshotId as string, diskId: job.DiskId as string });
        } catch (error) {
          if (!killed) throw error;
          lostInFlight++; // the connection died with the process: never acknowledged
        }
      }
    };
    // Killed once enough is acknowledged (or after 10 s): on a slow or busy machine, a fixed delay may be too short.
    const kill = new Promise<void>((resolve) => {
      const started = Date.now();
      const timer = setInterval(() => {
        if (acknowledged.size <= 150 && Date.now() - started < 10_000) return;
        clearInterval(timer);
        killed = true;
        first.child.kill('SIGKILL');
        resolve();
      }, 20);
    });
    await Promise.all([kill, ...holding, ...Array.from({ length: 48 }, worker)]);
    await stop(first, 'SIGKILL');
    expect(first.child.signalCode).toBe('SIGKILL');
    expect(lostInFlight).toBeGreaterThanOrEqual(held.length); // the kill came in the middle of the load
    expect(acknowledged.size).toBeGreaterThan(100);

    const second = await serve(file);
    const world = await getWorld(second);
    const snapshots = new Set(world.snapshots.map((s) => s.snapshotId));
    const tokens = new Map(world.clientTokens.map((t) => [t.clientToken, t.snapshotId]));
    const missing = [...acknowledged.values()].filter(({ snapshotId }) => !snapshots.has(snapshotId));
    expect(missing).toEqual([]);
    for (const [token, { snapshotId }] of acknowledged) expect(tokens.get(token), token).toBe(snapshotId);
    expect(Date.parse(world.now as string)).toBeGreaterThanOrEqual(latestClock);
    // Requests cut off by the kill hold nothing after it: their ClientTokens are free.
    for (const token of held) expect(tokens.has(token), token).toBe(false);
    // Replaying acknowledged ClientTokens answers their SnapshotIds, not new ones.
    const sample = [...acknowledged].filter((_, i) => i % 5 === 0);
    const replays = await Promise.all(
      sample.map(([token, { diskId }]) => createSnapshot(second, { DiskId: diskId, ClientToken: token })),
    );
    expect(replays.map((r) => r.snapshotId)).toEqual(sample.map(([, { snapshotId }]) => snapshotId));
    expect((await getWorld(second)).snapshots.length).toBe(world.snapshots.length);
    expect(await createSnapshot(second, { DiskId: 'd-held', ClientToken: 'ct-held-1' })).toMatchObject({ status: 200 });
    await stop(second, 'SIGTERM');
  });

  it('starts from the last good state after a torn log line, a leftover FILE.tmp, or a crash before truncation', async () => {
    const file = stateFile();
    const first = await serve(file);
    const made: string[] = [];
    for (const DiskId of ['d-healthy', 'd-available', 'd-expired']) {
      const answer = await createSnapshot(first, { DiskId, ClientToken: `ct-${DiskId}` });
      made.push(answer.snapshotId as string);
    }
    await stop(first, 'SIGKILL');
    const log = readFileSync(`${file}.log`, 'utf8');
    expect(log.trim().split('\n')).toHaveLength(3);
    // A crash mid-append, and one mid-compaction (FILE.tmp cut short; FILE untouched, as rename is atomic).
    appendFileSync(`${file}.log`, '{"seq":4,"type":"snapshot","snapshot":{"snapshotId":"s-torn","di');
    writeFileSync(`${file}.tmp`, '{"format":"ecs-conformance-state","version":1,"seq":9,"world":{"disks":[{"di');

    const second = await serve(file);
    const world = await getWorld(second);
    const snapshotIds = world.snapshots.map((s) => s.snapshotId);
    expect(snapshotIds).toEqual(expect.arrayContaining(made));
    expect(snapshotIds).not.toContain('s-torn');
    expect(existsSync(`${file}.tmp`)).toBe(false);
    expect(statSync(`${file}.log`).size).toBe(0);
    // Replace the world, then put the old lines back: as if the process died after renaming the new FILE
    // and before emptying the log. Lines FILE already includes are not replayed.
    await control(second, 'PUT', 'world', { disks: [{ diskId: 'd-only' }] });
    await stop(second, 'SIGKILL');
    appendFileSync(`${file}.log`, log);

    const third = await serve(file);
    const replaced = await getWorld(third);
    expect(replaced.disks.map((d) => d.diskId)).toEqual(['d-only']);
    expect(replaced.snapshots).toEqual([]);
    expect(replaced.clientTokens).toEqual([]);
    expect(await stop(third, 'SIGTERM')).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ format: 'ecs-conformance-state', seq: 4 });
  });

  it('keeps no ClientToken held by a request that a stop cut off, and keeps those the world document holds', async () => {
    const file = stateFile();
    const first = await serve(file);
    await control(first, 'PUT', 'faults', {
      rules: [{ action: 'CreateSnapshot', diskId: 'd-healthy', delayMs: 60_000 }],
    });
    const cut = createSnapshot(first, { DiskId: 'd-healthy', ClientToken: 'ct-cut-off' }).catch(() => 'cut off');
    while (!(await getWorld(first)).clientTokens.some((t) => t.clientToken === 'ct-cut-off')) await sleep(20);
    expect(await stop(first, 'SIGTERM')).toBe(0);
    expect(await cut).toBe('cut off');

    const second = await serve(file);
    const tokens = (await getWorld(second)).clientTokens.map((t) => t.clientToken);
    expect(tokens).not.toContain('ct-cut-off');
    expect(tokens).toContain('ct-still-processing'); // the default world's fixture
    expect(await createSnapshot(second, { DiskId: 'd-healthy', ClientToken: 'ct-cut-off' })).toMatchObject({
      status: 200,
    });
    await stop(second, 'SIGTERM');
  });

  it('compacts every N changes, in process: FILE, then the log since; no ClientToken held in flight', () => {
    const file = stateFile();
    const onWriteError = (error: Error) => expect.fail(error.message);
    const disks = ['d-1', 'd-2', 'd-3', 'd-4'];
    const document = {
      disks: disks.map((diskId) => ({ diskId })),
      clientTokens: [{ clientToken: 'ct-documented', fingerprint: '', state: 'processing' }],
    };
    const initialWorld = (now: number) => {
      const parsed = parseWorldDocument(document, now);
      if (!parsed.ok) throw new Error(parsed.errors.join('; '));
      return parsed.world;
    };
    const sim = new Simulator({ wallClock: Date, initialWorld });
    const store = openStateFile(sim, file, { compactEvery: 10, onWriteError });
    const held = sim.prepare({ DiskId: 'd-1', ClientToken: 'ct-held' }); // a request in flight, never committed
    expect(held.ok && 'pending' in held).toBe(true);
    const made: string[] = [];
    let changes = 0;
    for (let i = 0; i < 40; i++) {
      if (i % 4 === 0) {
        sim.clock.advance(3_600_000); // a clock move is a change too
        changes++;
      }
      const answer = sim.createSnapshot({ DiskId: disks[i % 4] as string, ClientToken: `ct-${i}` });
      expect(answer.ok).toBe(true);
      if (answer.ok) made.push(answer.snapshotId);
      changes++;
    }
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { seq: number; world: Required<WorldDocument> };
    const lines = readFileSync(`${file}.log`, 'utf8')
      .trim()
      .split('\n')
      .filter((l) => l !== '');
    expect(saved.seq).toBeGreaterThanOrEqual(10); // compacted on its own
    expect(saved.seq + lines.length).toBe(changes); // and the log holds the changes since, no more
    expect(lines.map((l) => (JSON.parse(l) as { seq: number }).seq)[0]).toBe(saved.seq + 1);
    const tokens = saved.world.clientTokens.map((t) => t.clientToken);
    expect(tokens).not.toContain('ct-held');
    expect(tokens).toContain('ct-documented');
    const stoppedAt = sim.now();
    store.close();
    expect(statSync(`${file}.log`).size).toBe(0);

    const restarted = new Simulator({ wallClock: Date, initialWorld });
    const reopened = openStateFile(restarted, file, { onWriteError });
    expect(reopened.restored).toBe(true);
    const world = restarted.world();
    expect(world.snapshots.map((s) => s.snapshotId).sort()).toEqual([...made].sort());
    expect(world.clientTokens.map((t) => t.clientToken)).not.toContain('ct-held');
    expect(world.now).toBeGreaterThanOrEqual(stoppedAt);
    reopened.close();
  });

  it.each([
    ['not JSON', 'state', 'not JSON'],
    ['not a World document', '{"disks": 5, "colour": "blue"}', 'disks: must be an array'],
    [
      'a state file holding a bad world',
      '{"format":"ecs-conformance-state","version":1,"seq":0,"clockOffsetMs":0,"world":{"disks":[{}]}}',
      'world.disks[0].diskId',
    ],
  ])('exits 2 naming the file when it is %s', async (_, content, problem) => {
    const file = stateFile();
    writeFileSync(file, content);
    const result = await runCli(['serve', '--port', '0', '--state-file', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`--state-file: ${file}`);
    expect(result.stderr).toContain(problem);
    expect(readFileSync(file, 'utf8')).toBe(content); // left as it was, for a human to look at
  });

  it('is in serve --help', async () => {
    const result = await runCli(['serve', '--help']);
    expect(result.stdout).toContain('--state-file FILE');
  });

  it('exits 2 naming the log when a complete line of it is not one the simulator writes', async () => {
    const file = stateFile();
    writeFileSync(file, '{}');
    writeFileSync(`${file}.log`, '{"seq":1,"type":"snapshot","snapshot":{}}\n');
    const result = await runCli(['serve', '--port', '0', '--state-file', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file}.log line 1: snapshot: must be`);
  });
});
