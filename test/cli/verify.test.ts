/** `ecs-conformance verify`, black-box: against the simulator every case passes; against a wrong provider every planted defect is reported. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/usage.js';
import { verify } from '../../src/cli/verify.js';
import { wrongProvider } from '../fixtures/wrong-provider.js';
import { listeningUrl, runCli, startCli } from '../support/cli.js';

function brokenPactDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'broken-'));
  writeFileSync(join(dir, 'broken.json'), '{"consumer": {"name": "x"},\n  "interactions": [}\n');
  return dir;
}

describe('ecs-conformance verify', () => {
  const simulator = startCli(['serve', '--port', '0']);
  const wrong = wrongProvider();
  let sim = '';
  let bad = '';

  beforeAll(async () => {
    sim = await listeningUrl(simulator);
    await new Promise<void>((resolve) => wrong.listen(0, '127.0.0.1', resolve));
    bad = `http://127.0.0.1:${(wrong.address() as { port: number }).port}`;
  });
  afterAll(() => {
    simulator.kill('SIGTERM');
    wrong.close();
  });

  /** verify against the simulator, with its state-change URL. */
  const againstSimulator = (...flags: string[]) =>
    runCli(['verify', '--provider-url', sim, '--state-change-url', `${sim}/_sim/pact-state`, ...flags]);

  // Every pact is verified against the simulator by test/contracts/provider.pact.test.ts through the same
  // verifyPacts(); here the CLI runs the whole OpenAPI-derived suite and one pact, to keep npm test short.
  it('passes every case against the simulator, one per pact interaction, writes JUnit and JSON, and puts the world back', async () => {
    const disks = async () =>
      ((await (await fetch(`${sim}/_sim/world`)).json()) as { disks: Array<{ diskId: string }> }).disks.map(
        (d) => d.diskId,
      );
    const before = await disks();
    const junit = join(tmpdir(), `verify-${process.pid}.xml`);
    const json = join(tmpdir(), `verify-${process.pid}.json`);
    const only = '^(parameters|common parameters|signatures|formats):|reference-client-v3';
    const result = await againstSimulator('--only', only, '--junit', junit, '--json', json);
    expect(result.stdout).toMatch(/^\d+ passed, 0 failed, 0 skipped$/m);
    expect(result.stdout).not.toMatch(/^warn /m); // today's edition: nothing matched only as the older one
    expect(result.code).toBe(0);
    const report = JSON.parse(readFileSync(json, 'utf8')) as { results: Array<{ suite: string }> };
    expect(report.results.filter((r) => r.suite === 'openapi').length).toBeGreaterThan(60);
    expect(readFileSync(junit, 'utf8')).toContain('<testsuite name="pact" tests="69" failures="0"');
    expect(result.stdout).toContain(
      'ok   pact › ecs-conformance-reference-client-v3 › a CreateSnapshot request answered',
    );
    // Pact's own report only with --verbose
    expect(result.stdout).not.toContain('Verifying a pact between');
    expect(result.stdout).toContain("the provider's world is back as verify found it");
    expect(before).toContain('d-healthy');
    expect(await disks()).toEqual(before);
  });

  it("verifies a test key's own world: the states go there, name its key, and leave the main world alone", async () => {
    const key = 'LTAI5tSimulatorTestKeyVerify';
    // What states change: the disks, snapshots, ClientTokens and keys (the clock moves on by itself).
    const world = async (query = '') => {
      const { disks, snapshots, clientTokens, accessKeys } = await (await fetch(`${sim}/_sim/world${query}`)).json();
      return { disks, snapshots, clientTokens, accessKeys };
    };
    const main = await world();
    // The states that name an access key ("access key {accessKeyId} is disabled"), and a success.
    const only =
      'reference-client-v3 › .*(InvalidAccessKeyId|Forbidden\\.RAM|SignatureDoesNotMatch|every optional parameter$)';
    const result = await againstSimulator('--only', only, '--access-key-id', key);
    expect(result.stdout).toContain(`(states: ${sim}/_sim/pact-state?accessKeyId=${key})`);
    expect(result.stdout).toMatch(
      /^ok {3}pact › ecs-conformance-reference-client-v3 › a CreateSnapshot request answered 400 InvalidAccessKeyId\.Inactive/m,
    );
    expect(result.stdout).toMatch(
      /^ok {3}pact › ecs-conformance-reference-client-v3 › a CreateSnapshot request answered 404 InvalidAccessKeyId /m,
    );
    expect(result.stdout).toMatch(/^5 passed, 0 failed, 0 skipped$/m);
    expect(result.code).toBe(0);
    expect(await world()).toEqual(main);
    // Its own world is back as verify found it: a new tenant's, the initial world's records and its own key.
    const own = await world(`?accessKeyId=${key}`);
    const ids = (records: Array<{ snapshotId?: string; diskId?: string }>) =>
      records.map((r) => r.snapshotId ?? r.diskId);
    expect([ids(own.snapshots), ids(own.disks)]).toEqual([ids(main.snapshots), ids(main.disks)]);
    expect(own.accessKeys.map((k: { accessKeyId: string }) => k.accessKeyId)).toContain(key);
  });

  it('passes a provider of the older edition too (pacts and suite), warning which edition each differing answer matched', async () => {
    const older = startCli(['serve', '--port', '0', '--edition', 'older-zh-CN']);
    try {
      const url = await listeningUrl(older);
      const result = await runCli([
        'verify',
        '--provider-url',
        url,
        '--state-change-url',
        `${url}/_sim/pact-state`,
        '--only',
        // The cases where the editions differ, one that does not, and one pact: the whole suite runs above.
        '^parameters: (21 tags|RetentionDays 0|Category outside|SnapshotName with a period|InstantAccess neither)|^common parameters: an unknown Action|^signatures: an unknown AccessKeyId|^formats: a success in JSON \\(V3\\)|reference-client-v3',
      ]);
      expect(result.stdout).toMatch(/^\d+ passed, 0 failed, 0 skipped$/m);
      expect(result.stdout).toMatch(
        /^warn pact › ecs-conformance-reference-client-v3 › .*: answered as edition older-zh-CN/m,
      );
      expect(result.stdout).toContain(
        'warn openapi › parameters: 21 tags: answered as edition older-zh-CN of the page, not 2025-01-03',
      );
      expect(result.stdout).toContain(
        'warn openapi › common parameters: an unknown Action: answered as edition older-zh-CN',
      );
      expect(result.code).toBe(0);
    } finally {
      older.kill('SIGTERM');
    }
  });

  it("prints the Pact verifier's own report with --verbose", async () => {
    const only = 'pact: ecs-conformance-reference-client-v1 › .*(MissingParameter|every optional)';
    const result = await againstSimulator('--only', only, '--verbose');
    expect(result.stdout).toMatch(/^2 passed, 0 failed, 0 skipped$/m);
    expect(result.stdout).toContain('Verifying a pact between');
    expect(result.stdout, 'no colour codes in a pipe').not.toContain('\u001b[');
  });

  it('says once that the provider cannot be reached, and runs no case', async () => {
    const closed = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const result = await runCli(['verify', '--provider-url', `http://127.0.0.1:${closed}`]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`cannot reach the provider at http://127.0.0.1:${closed} (ECONNREFUSED)`);
    expect(result.stdout).not.toContain('fetch failed');
    expect(result.stdout).not.toMatch(/passed, \d+ failed/);
  });

  it('hints at --access-key-id when the provider refuses the key every signed case carries', async () => {
    const only = '^(parameters|signatures):|reference-client-v1';
    const result = await againstSimulator('--only', only, '--access-key-id', 'LTAI-not-known-here');
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/hint: \d+ of the \d+ failed cases were refused with InvalidAccessKeyId/);
    expect(result.stdout).toContain('--access-key-id ID --access-key-secret SECRET');
  }, 60_000);

  it('skips the stateful cases, with the reason, when no state-change URL is given', async () => {
    const result = await runCli([
      'verify',
      '--provider-url',
      sim,
      '--only',
      'pact: .*pop-core-get|SnapshotName of 2|SnapshotName of 1 ',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'skip pact › alicloud-pop-core-get (69 cases): every interaction has a provider state: pass --state-change-url',
    );
    expect(result.stdout).toMatch(/^1 passed, 0 failed, 70 skipped$/m);
  });

  it('reports every planted defect of a wrong provider, by name', async () => {
    const result = await runCli([
      'verify',
      '--provider-url',
      bad,
      '--state-change-url',
      `${bad}/_sim/pact-state`,
      '--only',
      '^(parameters|signatures|formats)|reference-client-v3',
    ]);
    expect(result.code).toBe(1);
    const failures = result.stdout.slice(result.stdout.indexOf('\nFailed:'));
    // wrong code
    expect(failures).toContain('openapi › parameters: SnapshotName of 1 character');
    expect(result.stdout).toContain('code InvalidSnapshotName, want InvalidSnapshotName.Malformed');
    // wrong status
    expect(failures).toContain('openapi › parameters: Description of 1 character');
    expect(result.stdout).toContain('status 400, want 404 for InvalidDescription.Malformed');
    // missing RequestId
    expect(failures).toContain('openapi › parameters: SnapshotName of 2 characters');
    expect(result.stdout).toContain("success body: (root): must have required property 'RequestId'");
    // a bad signature accepted
    expect(failures).toContain('openapi › signatures: a wrong V1 signature');
    expect(result.stdout).toContain('status 200, want 400 for SignatureDoesNotMatch');
    // XML where JSON was asked
    expect(failures).toContain('openapi › parameters: an empty tag key');
    expect(result.stdout).toContain('JSON was asked, but the content type is "text/xml;charset=utf-8"');
    // and the pact of the reference client fails too
    expect(failures).toContain(
      'pact › ecs-conformance-reference-client-v3 › a CreateSnapshot request answered 404 InvalidDescription.Malformed',
    );
  }, 60_000);

  it.each<[string[], string]>([
    [[], '--provider-url is required'],
    [['--provider-url', 'ftp://x'], '--provider-url must be an http(s) URL'],
    [['--provider-url', 'http://127.0.0.1:1', '--timeout=0'], '--timeout must be a positive integer'],
    [['--provider-url', 'http://127.0.0.1:1', '--only', '('], '--only must be a regular expression'],
    [['--provider-url', 'http://127.0.0.1:1', '--contracts', '/no/such/dir'], '--contracts: cannot read /no/such/dir'],
    [['--provider-url', 'http://127.0.0.1:1', '--frobnicate'], "Unknown option '--frobnicate'"],
    [['--provider-url', 'http://127.0.0.1:1', '--only', 'zzz'], '--only zzz matches none of the'],
    [
      ['--provider-url', 'http://127.0.0.1:1', '--contracts', mkdtempSync(join(tmpdir(), 'empty-'))],
      'holds no pact files',
    ],
    [['--provider-url', 'http://127.0.0.1:1', '--contracts', brokenPactDir()], 'broken.json: line 2, column 20: '],
  ])('refuses %j as a usage error, naming the flag and the fix', async (args, message) => {
    // In process: the binary maps UsageError to exit 2 (checked once below).
    await expect(verify(args)).rejects.toThrow(UsageError);
    await expect(verify(args)).rejects.toThrow(message);
  });

  it('exits 2 on a usage error, with the message on stderr', async () => {
    const result = await runCli(['verify', '--provider-url', 'ftp://x']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--provider-url must be an http(s) URL');
  });
});
