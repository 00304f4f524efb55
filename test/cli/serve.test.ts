/** `ecs-conformance serve`, black-box: the real binary in a child process. */
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listeningUrl, runCli, startCli } from '../support/cli.js';

describe('ecs-conformance serve', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    'prints the listening line first, serves, and stops cleanly on %s',
    async (signal) => {
      const child = startCli(['serve', '--port', '0']);
      let output = '';
      child.stdout.on('data', (d: Buffer) => {
        output += d;
      });
      const url = await listeningUrl(child);
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(await (await fetch(`${url}/_sim/health`)).json()).toEqual({ status: 'ok' });
      child.kill(signal);
      const [code] = await once(child, 'exit');
      expect(code).toBe(0);
      expect(output.split('\n')[0]).toBe(`listening on ${url}`);
      expect(output).toContain('AccessKeyId=LTAI5tSimulatorTestKey01');
      expect(output).toContain('d-quota-full');
    },
  );

  it('starts from a World document with --world', async () => {
    const file = join(tmpdir(), `world-${process.pid}.json`);
    writeFileSync(file, JSON.stringify({ disks: [{ diskId: 'd-mine' }] }));
    const child = startCli(['serve', '--port', '0', '--world', file]);
    const url = await listeningUrl(child);
    const world = (await (await fetch(`${url}/_sim/world`)).json()) as { disks: Array<{ diskId: string }> };
    expect(world.disks.map((d) => d.diskId)).toEqual(['d-mine']);
    child.kill('SIGTERM');
    await once(child, 'exit');
  });

  it.each([
    [['serve', '--port', 'eighty'], '--port must be an integer from 0 to 65535'],
    [['serve', '--frobnicate'], "Unknown option '--frobnicate'"],
    [['serve', '--world', '/no/such/file.json'], '--world: cannot read /no/such/file.json'],
    [['serve', '--edition', '2019'], '--edition must be one of 2025-01-03, older-zh-CN'],
    [['nonsense'], "unknown command 'nonsense'"],
  ])('exits 2 on %j, naming the flag', async (args, message) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });

  it('prints help and exits 0 with --help', async () => {
    const result = await runCli(['serve', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('--no-control-plane');
  });
});
