/** `ecs-conformance verify`: does a provider of CreateSnapshot conform? Pacts plus the OpenAPI-derived suite. */
import { join } from 'node:path';
import { openapiSuite } from '../conformance/openapi-suite.js';
import { runCase } from '../conformance/run-suite.js';
import { pactFiles, pactInteractions, verifyPactEditions } from '../conformance/verify-pacts.js';
import { isTestKey } from '../core/tenants.js';
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET } from '../core/world-document.js';
import { packageRoot } from '../openapi/package-root.js';
import { Reporter, writeReports } from './report.js';
import { parseFlags, UsageError } from './usage.js';
import { credentialHint } from './verify-hints.js';
import { inWorldOf, providerWorld, unreachable } from './verify-provider.js';

const HELP = `Usage: ecs-conformance verify --provider-url URL [options]

Verifies any HTTP service that claims to implement ECS CreateSnapshot (2014-05-26):
  1. Pact provider verification of the contracts (needs --state-change-url: every interaction has a provider state)
  2. a suite derived from the OpenAPI description: parameter boundaries and violations, missing and malformed
     common parameters, bad, replayed and expired signatures, JSON and XML. Cases needing a disk in a known
     state run only with --state-change-url; the others run against any provider.

Options:
  --provider-url URL         the service, e.g. http://127.0.0.1:8080 (required)
  --state-change-url URL     where to POST {"state","params","action"} to set a provider state
                             (the simulator: http://HOST:PORT/_sim/pact-state)
  --contracts DIR            pact files to verify (default: the contracts shipped with this package)
  --only PATTERN             run only the cases whose name matches PATTERN (a regular expression);
                             pact cases are named 'pact: <consumer> › <interaction>'
  --access-key-id ID         credentials the provider knows (default: the simulator's test key,
  --access-key-secret SECRET   or ECS_ACCESS_KEY_ID / ECS_ACCESS_KEY_SECRET); provider states that name
                             the contracts' own key get this one. A simulator test key
                             (LTAI5tSimulatorTestKey...) verifies its own world: states and the world
                             put back go to ?accessKeyId=KEY
  --timeout MS               per request (default 10000)
  --junit FILE               write a JUnit XML report
  --json FILE                write a JSON report
  --verbose                  also print the Pact verifier's own report
  --help                     this text

Reports one line per case: each pact interaction, each suite case. The provider must be reachable (any
HTTP answer at --provider-url); verify checks that first. A provider that serves the simulator's
/_sim/world gets its world back afterwards; for any other, verify says which states it left behind.

Exit status: 0 when every case passes, 1 when any fails or the provider cannot be reached, 2 on a usage
error (a --only or --contracts that selects no case is one).`;

function url(flag: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    const u = new URL(value);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('not http');
    return value.replace(/\/$/, '');
  } catch {
    throw new UsageError(`${flag} must be an http(s) URL such as http://127.0.0.1:8080, got '${value}'`);
  }
}

export async function verify(argv: string[]): Promise<number> {
  const flags = parseFlags(argv, {
    'provider-url': { type: 'string' },
    'state-change-url': { type: 'string' },
    contracts: { type: 'string' },
    only: { type: 'string' },
    'access-key-id': { type: 'string' },
    'access-key-secret': { type: 'string' },
    timeout: { type: 'string' },
    junit: { type: 'string' },
    json: { type: 'string' },
    verbose: { type: 'boolean' },
    help: { type: 'boolean' },
  });
  if (flags.help) {
    console.log(HELP);
    return 0;
  }
  const providerUrl = url('--provider-url', flags['provider-url']);
  if (providerUrl === undefined)
    throw new UsageError(
      '--provider-url is required: the URL of the service to verify, e.g. --provider-url http://127.0.0.1:8080',
    );
  const givenStateChangeUrl = url('--state-change-url', flags['state-change-url']);
  let only: RegExp | undefined;
  try {
    only = flags.only === undefined ? undefined : new RegExp(flags.only, 'i');
  } catch (e) {
    throw new UsageError(`--only must be a regular expression: ${(e as Error).message}`);
  }
  const timeoutMs = flags.timeout === undefined ? 10_000 : Number(flags.timeout);
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0)
    throw new UsageError(`--timeout must be a positive integer of milliseconds, got '${flags.timeout}'`);
  const contractsDir = flags.contracts ?? join(packageRoot(), 'contracts');
  let pacts: string[];
  try {
    pacts = pactFiles(contractsDir);
  } catch (e) {
    throw new UsageError(`--contracts: cannot read ${contractsDir}: ${(e as Error).message}`);
  }
  if (pacts.length === 0) throw new UsageError(`--contracts: ${contractsDir} holds no pact files (*.json)`);
  const credentials = {
    accessKeyId: flags['access-key-id'] ?? process.env.ECS_ACCESS_KEY_ID ?? DEFAULT_ACCESS_KEY_ID,
    accessKeySecret: flags['access-key-secret'] ?? process.env.ECS_ACCESS_KEY_SECRET ?? DEFAULT_ACCESS_KEY_SECRET,
  };
  // A simulator test key has a world of its own: the states verify sets, and the world it puts back, are that world's.
  const worldKey = isTestKey(credentials.accessKeyId) ? credentials.accessKeyId : undefined;
  const stateChangeUrl = givenStateChangeUrl === undefined ? undefined : inWorldOf(givenStateChangeUrl, worldKey);
  const target = { providerUrl, stateChangeUrl, credentials, timeoutMs };
  const selected = (name: string) => only === undefined || only.test(name);
  const interactions = pacts.flatMap((file) => {
    try {
      return pactInteractions(file);
    } catch (e) {
      throw new UsageError(`--contracts: not a pact file: ${(e as Error).message}`);
    }
  });
  const pactCases = interactions.filter((i) => selected(`pact: ${i.name}`));
  const suiteCases = openapiSuite().filter((c) => selected(c.name));
  if (pactCases.length + suiteCases.length === 0)
    throw new UsageError(
      `--only ${flags.only} matches none of the ${interactions.length + openapiSuite().length} cases (pact cases are named 'pact: <consumer> › <interaction>')`,
    );

  const down = await unreachable(providerUrl, stateChangeUrl, timeoutMs);
  if (down) {
    console.error(`ecs-conformance verify: ${down}`);
    return 1;
  }
  const world = stateChangeUrl ? await providerWorld(providerUrl, timeoutMs, worldKey) : undefined;
  const reporter = new Reporter();
  console.log(
    `verifying ${providerUrl}${stateChangeUrl ? ` (states: ${stateChangeUrl})` : ' (no state-change URL: stateful cases are skipped)'}`,
  );
  const pact = await verifyPactEditions(pactCases, target);
  if (stateChangeUrl) for (const r of pact.results) reporter.add(r);
  else
    for (const file of pacts) {
      const group = pact.results.filter((_, n) => pactCases[n]?.file === file);
      reporter.addGroup(group, `pact › ${pactCases.find((c) => c.file === file)?.consumer}`);
    }
  if (flags.verbose && pact.raw !== '') {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the escape of ANSI colour codes, for a file or a pipe.
    const raw = process.stdout.isTTY ? pact.raw : pact.raw.replace(/\u001b\[[0-9;]*m/g, '');
    console.log(`\nThe Pact verifier's report:\n${raw}`);
  }
  for (const c of suiteCases) reporter.add(await runCase(c, target));
  const summary = reporter.close();
  const hint = credentialHint(reporter.results, credentials);
  if (hint) console.log(hint);
  if (world) console.log(await world.restore());
  else if (stateChangeUrl)
    console.log(
      `note: the provider is left in the provider states verify set up (the last: that of the last case); it serves no /_sim/world for verify to put its world back`,
    );
  writeReports({ junit: flags.junit, json: flags.json }, `ecs-conformance verify ${providerUrl}`, reporter.results, {
    providerUrl,
  });
  return summary.failed > 0 ? 1 : 0;
}
