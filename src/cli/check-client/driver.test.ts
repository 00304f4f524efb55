/**
 * Driver sessions (--persistent) with tiny shell drivers: one result line per call, chatter tolerated, and
 * every way a session can go wrong (it ends, hangs, prints a result nobody asked for, or an endless line)
 * ends that session with a problem naming it, so that the next call starts a new one.
 */
import { describe, it, type TestContext } from 'vitest';
import { type DriverSession, MAX_OUTPUT, startDriverSession } from './driver.js';

/** A session of the test, closed when it ends (tests run concurrently: each closes its own). */
const session = ({ onTestFinished }: TestContext, command: string) => {
  const s = startDriverSession({ command, env: {} });
  onTestFinished(() => s.close());
  return s;
};
const problemOf = (run: Awaited<ReturnType<DriverSession['call']>>) => (run.result.ok ? undefined : run.result.problem);

describe.concurrent('a driver session', () => {
  it('answers each call with the first JSON line after it, chatter aside', async (t) => {
    const { expect } = t;
    const s = session(
      t,
      `n=0; while read l; do n=$((n+1)); echo "working on $n"; echo "note $n" >&2; echo "{\\"ok\\":true,\\"snapshotId\\":\\"s-$n\\"}"; done`,
    );
    const first = await s.call('{"scenario":"one"}', 5_000);
    const second = await s.call('{"scenario":"two"}', 5_000);
    expect(first.result).toEqual({ ok: true, value: { ok: true, snapshotId: 's-1' } });
    expect(second.result).toEqual({ ok: true, value: { ok: true, snapshotId: 's-2' } });
    expect([first.exitCode, second.timedOut, s.alive]).toEqual([null, false, true]);
  });

  it('keeps a character whole when the driver writes it in two halves', async (t) => {
    const { expect } = t;
    // é is C3 A9 in UTF-8: its two bytes arrive in separate reads.
    const s = session(t, `read l; printf '{"ok":true,"snapshotId":"s-\\303'; sleep 0.1; printf '\\251"}\\n'; read l`);
    expect((await s.call('{}', 5_000)).result).toEqual({ ok: true, value: { ok: true, snapshotId: 's-é' } });
  });

  it('names what breaks the protocol in a result line', async (t) => {
    const { expect } = t;
    const s = session(t, `while read l; do echo '{"ok":"yes","httpStatus":"403"}'; done`);
    expect(problemOf(await s.call('{}', 5_000))).toContain(
      `the driver's result breaks the protocol: "ok" must be true or false; "httpStatus" must be an integer or null`,
    );
  });

  it('says the driver ended before it answered, with its exit status, output and stderr', async (t) => {
    const { expect } = t;
    const s = session(t, `read l; echo 'loading'; echo 'boom' >&2; exit 4`);
    const run = await s.call('{}', 5_000);
    expect(problemOf(run)).toBe(
      'the driver ended before it answered the call (it exited with 4)\nit printed:\nloading\nits stderr ends with:\nboom',
    );
    expect([run.exitCode, s.alive]).toEqual([4, false]);
    // A call to a session that has ended says so at once.
    expect(problemOf(await s.call('{}', 5_000))).toContain('the driver ended before it answered the call');
  });

  it('kills a driver that does not answer in time, with the hint that it must answer line by line', async (t) => {
    const { expect } = t;
    const s = session(t, 'cat > /dev/null');
    const run = await s.call('{}', 300);
    expect(run.timedOut).toBe(true);
    expect(problemOf(run)).toContain('the driver did not answer within 300 ms and was killed (with --persistent');
    expect(s.alive).toBe(false);
  });

  it('ends a session that prints a result no call asked for, which would be taken for the next answer', async (t) => {
    const { expect } = t;
    const s = session(t, `while read l; do echo '{"ok":true}'; sleep 0.05; echo '{"ok":false}'; done`);
    expect((await s.call('{}', 5_000)).result.ok).toBe(true);
    await expect.poll(() => s.alive).toBe(false);
  });

  it(`ends a session whose line grows past ${MAX_OUTPUT} characters, keeping none of it`, async (t) => {
    const { expect } = t;
    const s = session(t, `read l; head -c ${MAX_OUTPUT + 70_000} /dev/zero | tr '\\0' a; sleep 5`);
    const run = await s.call('{}', 5_000);
    expect(problemOf(run)).toContain(`it printed:\n(a line of over ${MAX_OUTPUT} characters)`);
    expect(s.alive).toBe(false);
  });
});
