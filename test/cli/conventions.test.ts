/** The command line's conventions, black-box: --version, "did you mean", a port in use, PORT, one exit-code rule. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { cliCommand, listeningUrl, runCli } from '../support/cli.js';

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });

describe('ecs-conformance conventions', () => {
  it('prints the package version with --version', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    const result = await runCli(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(version);
  });

  it.each([
    [['verfy'], "unknown command 'verfy': did you mean verify?"],
    [['--verison'], "unknown option '--verison': did you mean --version?"],
    [['serve', '--prot', '0'], "Unknown option '--prot': did you mean --port?"],
    [['verify', '--provider', 'http://127.0.0.1:1'], "Unknown option '--provider': did you mean --provider-url?"],
    [['check-client', '--scenaros', 'x'], "Unknown option '--scenaros': did you mean --scenarios?"],
  ])('exits 2 on %j and suggests what was meant', async (args, message) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });

  it('names the port in use and suggests --port 0', async () => {
    const busy = createServer().listen(0, '127.0.0.1');
    await once(busy, 'listening');
    const { port } = busy.address() as AddressInfo;
    const result = await runCli(['serve', '--port', String(port)]);
    const fromEnv = spawn(process.execPath, [...cliCommand, 'serve'], { env: { ...process.env, PORT: String(port) } });
    let stderr = '';
    fromEnv.stderr.on('data', (d: Buffer) => {
      stderr += d;
    });
    await once(fromEnv, 'exit');
    busy.close();
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`--port: port ${port} on 127.0.0.1 is already in use (EADDRINUSE)`);
    expect(result.stderr).toContain('--port 0');
    expect(stderr).toContain(`PORT: port ${port} on 127.0.0.1 is already in use`);
  });

  it('listens on PORT when --port is not given, and refuses a PORT that is no port', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [...cliCommand, 'serve'], { env: { ...process.env, PORT: String(port) } });
    expect(await listeningUrl(child)).toBe(`http://127.0.0.1:${port}`);
    child.kill('SIGTERM');
    await once(child, 'exit');
    const bad = spawn(process.execPath, [...cliCommand, 'serve'], { env: { ...process.env, PORT: 'http' } });
    let stderr = '';
    bad.stderr.on('data', (d: Buffer) => {
      stderr += d;
    });
    const [code] = await once(bad, 'exit');
    expect(code).toBe(2);
    expect(stderr).toContain("PORT must be an integer from 0 to 65535 (0 = a free port), got 'http'");
  });

  it('exits 2 when a selector matches nothing, in every command', async () => {
    const verify = await runCli(['verify', '--provider-url', 'http://127.0.0.1:1', '--only', 'zzz']);
    const check = await runCli(['check-client', '--driver', 'true', '--scenarios', 'zzz']);
    expect([verify.code, check.code]).toEqual([2, 2]);
    expect(verify.stderr).toContain('--only zzz matches none of the');
    expect(check.stderr).toContain("--scenarios 'zzz' matches none of the");
  });
});
