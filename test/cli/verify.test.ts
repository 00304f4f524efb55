/** `ecs-conformance verify`, black-box: against the simulator every case passes; against a wrong provider every planted defect is reported. */
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/usage.js';
import { verify } from '../../src/cli/verify.js';
import { wrongProvider } from '../fixtures/wrong-provider.js';
import { listeningUrl, runCli, startCli } from '../support/cli.js';

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

  // Every pact is verified against the simulator by test/contracts/provider.pact.test.ts through the same
  // verifyPact(); here the CLI runs the whole OpenAPI-derived suite and one pact, to keep npm test short.
  it('passes every case against the simulator and writes JUnit and JSON', async () => {
    const junit = join(tmpdir(), `verify-${process.pid}.xml`);
    const json = join(tmpdir(), `verify-${process.pid}.json`);
    const only = '^(parameters|common parameters|signatures|formats):|reference-client-v3';
    const state = `${sim}/_sim/pact-state`;
    const args = [
      'verify',
      '--provider-url',
      sim,
      '--state-change-url',
      state,
      '--only',
      only,
      '--junit',
      junit,
      '--json',
      json,
    ];
    const result = await runCli(args);
    expect(result.stdout).toMatch(/^\d+ passed, 0 failed, 0 skipped$/m);
    expect(result.stdout).not.toMatch(/^warn /m); // today's edition: nothing matched only as the older one
    expect(result.code).toBe(0);
    const report = JSON.parse(readFileSync(json, 'utf8')) as { results: Array<{ suite: string }> };
    expect(report.results.filter((r) => r.suite === 'openapi').length).toBeGreaterThan(60);
    expect(readFileSync(junit, 'utf8')).toContain('<testsuite name="pact" tests="1" failures="0"');
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
        /^warn pact › ecs-conformance-reference-client-v3-ecs-createsnapshot\.json: answered as edition older-zh-CN/m,
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

  it('skips the stateful cases, with the reason, when no state-change URL is given', async () => {
    const result = await runCli([
      'verify',
      '--provider-url',
      sim,
      '--only',
      'pact: .*pop-core-get|SnapshotName of 2|SnapshotName of 1 ',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('pass --state-change-url');
    expect(result.stdout).toMatch(/^1 passed, 0 failed, 2 skipped$/m);
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
    expect(failures).toContain('pact › ecs-conformance-reference-client-v3-ecs-createsnapshot.json');
  }, 60_000);

  it.each<[string[], string]>([
    [[], '--provider-url is required'],
    [['--provider-url', 'ftp://x'], '--provider-url must be an http(s) URL'],
    [['--provider-url', 'http://127.0.0.1:1', '--timeout=0'], '--timeout must be a positive integer'],
    [['--provider-url', 'http://127.0.0.1:1', '--only', '('], '--only must be a regular expression'],
    [['--provider-url', 'http://127.0.0.1:1', '--contracts', '/no/such/dir'], '--contracts: cannot read /no/such/dir'],
    [['--provider-url', 'http://127.0.0.1:1', '--frobnicate'], "Unknown option '--frobnicate'"],
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
