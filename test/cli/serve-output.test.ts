/** What `ecs-conformance serve` prints, black-box: the banner of the world served, and a line per request. */
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET } from '../../src/core/world-document.js';
import { nodeHasher } from '../../src/protocol/node-hasher.js';
import { signV1Request } from '../../src/protocol/sign-request.js';
import { listeningUrl, runCli, startCli } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'serve-output-'));
const children: Array<ReturnType<typeof startCli>> = [];
afterAll(() => {
  for (const child of children) child.kill('SIGTERM');
});

/** Starts serve, returns its URL and a function giving everything it printed so far. */
async function serve(args: string[]) {
  const child = startCli(['serve', '--port', '0', ...args]);
  children.push(child);
  let output = '';
  child.stdout.on('data', (d: Buffer) => {
    output += d;
  });
  const url = await listeningUrl(child);
  return { url, output: () => output, child };
}

async function send(
  url: string,
  diskId: string,
  secret = DEFAULT_ACCESS_KEY_SECRET,
  accessKeyId = DEFAULT_ACCESS_KEY_ID,
) {
  const request = await signV1Request({
    hasher: nodeHasher,
    credentials: { accessKeyId, accessKeySecret: secret },
    params: { DiskId: diskId },
    host: url.slice('http://'.length),
    method: 'GET',
  });
  return (await fetch(`${url}${request.url}`)).status;
}

/** Waits until the output holds `pattern` (the log is written at the end of the server's event-loop turn). */
async function printed(output: () => string, pattern: RegExp): Promise<string> {
  for (let i = 0; i < 100 && !pattern.test(output()); i++) await new Promise((r) => setTimeout(r, 20));
  expect(output()).toMatch(pattern);
  return output();
}

describe.concurrent('serve --log', () => {
  it('prints a line per request by default: time, method, action, DiskId, answer', async () => {
    const { url, output } = await serve([]);
    expect(await send(url, 'd-healthy')).toBe(200);
    expect(await send(url, 'd-in-arrears')).toBe(403);
    const text = await printed(output, /DiskId=d-in-arrears/);
    expect(text).toMatch(/^\d\d:\d\d:\d\d\.\d{3} GET CreateSnapshot DiskId=d-healthy → 200 s-sim\w+$/m);
    expect(text).toMatch(/^\d\d:\d\d:\d\d\.\d{3} GET CreateSnapshot DiskId=d-in-arrears → 403 DiskInArrears$/m);
    expect(text).not.toContain('why:');
  });

  it('verbose says why: the check and World field, and the string to sign of a bad signature', async () => {
    const { url, output } = await serve(['--log', 'verbose']);
    await send(url, 'd-in-arrears');
    await send(url, 'd-healthy', 'a-wrong-secret');
    const text = await printed(output, /SignatureDoesNotMatch[\s\S]*why:/);
    expect(text).toContain('  why: disk.inArrears: disks[d-in-arrears].inArrears == true');
    expect(text).toMatch(/ {2}why: signature\.mismatch: .*; server string to sign is:GET&%2F&AccessKeyId%3D/);
  });

  it('quiet prints nothing per request', async () => {
    const { url, output } = await serve(['--log', 'quiet']);
    await send(url, 'd-healthy');
    await new Promise((r) => setTimeout(r, 200));
    expect(output()).not.toContain('DiskId=');
  });

  it('refuses an unknown level, naming the flag', async () => {
    const result = await runCli(['serve', '--log', 'loud']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--log must be one of quiet, requests, verbose, got 'loud'");
  });
});

describe.concurrent('serve banner and flags', () => {
  it('shows the keys and disks of the --world served, not the default key that world refuses', async () => {
    const file = join(dir, 'mine.json');
    writeFileSync(
      file,
      JSON.stringify({
        accessKeys: [{ accessKeyId: 'LTAI5tMyOwnKey', accessKeySecret: 'my-secret' }],
        disks: [{ diskId: 'd-mine' }],
      }),
    );
    const { url, output, child } = await serve(['--world', file]);
    expect(await send(url, 'd-mine', 'my-secret', 'LTAI5tMyOwnKey')).toBe(200);
    await printed(output, /DiskId=d-mine/);
    child.kill('SIGTERM');
    await once(child, 'exit');
    const text = output();
    expect(text).toContain('AccessKeyId=LTAI5tMyOwnKey AccessKeySecret=my-secret');
    expect(text).not.toContain(`AccessKeyId=${DEFAULT_ACCESS_KEY_ID}`);
    expect(text).toContain(`world: --world ${file} (1 disk)`);
    expect(text).toMatch(/^ {2}d-mine +Available$/m);
    expect(text).not.toContain('d-quota-full');
  });

  it('refuses --world with a state file that exists, saying which would win', async () => {
    const world = join(dir, 'w.json');
    const state = join(dir, 'state.json');
    writeFileSync(world, '{}');
    writeFileSync(state, '{}');
    const result = await runCli(['serve', '--world', world, '--state-file', state]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `--world and --state-file: ${state} exists, so the world would be restored from it`,
    );
  });

  it('says where the world came from: --world into a new state file, then restored from it', async () => {
    const world = join(dir, 'for-state.json');
    const state = join(dir, 'fresh-state.json');
    writeFileSync(world, JSON.stringify({ disks: [{ diskId: 'd-kept' }] }));
    const first = await serve(['--world', world, '--state-file', state]);
    await printed(first.output, /state file: /);
    first.child.kill('SIGTERM');
    await once(first.child, 'exit');
    expect(first.output()).toContain(`world: --world ${world} (1 disk)`);
    const second = await serve(['--state-file', state]);
    await printed(second.output, /state file: /);
    second.child.kill('SIGTERM');
    await once(second.child, 'exit');
    expect(second.output()).toContain(`world: restored from the state file ${state} (1 disk)`);
    expect(second.output()).toMatch(/^ {2}d-kept +Available$/m);
  });

  it('gives line and column of a --world file that is not JSON', async () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{\n  "disks": [\n    {"diskId": "d-1",}\n  ]\n}');
    const result = await runCli(['serve', '--world', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`--world: ${file} is not JSON: line 3, column 22:`);
  });

  it('--help documents --log, the test keys and every control endpoint, /_sim/pact-state included', async () => {
    const { stdout } = await runCli(['serve', '--help']);
    for (const text of [
      '--log LEVEL',
      'LTAI5tSimulatorTestKey',
      '?accessKeyId=KEY',
      'GET  /_sim/faults',
      'DELETE /_sim/requests',
      'POST /_sim/pact-state',
    ])
      expect(stdout).toContain(text);
  });
});
