/**
 * Pact provider verification of the contracts against any provider: states through its state-change
 * URL, every request re-signed with the given credentials. One case per pact file.
 */
import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Verifier } from '@pact-foundation/pact';
import { DEFAULT_EDITION, EDITIONS } from '../catalogue.js';
import type { CaseResult } from '../cli/report.js';
import { pactRequestFilter } from '../node/pact-request-filter.js';
import type { Credentials } from '../protocol/sign-request.js';

export const PROVIDER_NAME = 'ecs-createsnapshot';

export function pactFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => join(dir, f));
}

type PactTarget = { providerUrl: string; stateChangeUrl?: string | undefined; credentials: Credentials };

/**
 * A pact of today's edition, and, if the provider fails it, the same consumer's pact of each other edition
 * (`<dir>/<edition>/<file>`, as contracts/older-zh-CN/): a provider that honours one of them passes, with a
 * warning naming the edition it matched.
 */
export async function verifyPactEditions(file: string, target: PactTarget): Promise<CaseResult> {
  const today = await verifyPact(file, target);
  if (today.status !== 'failed') return today;
  for (const edition of EDITIONS) {
    if (edition === DEFAULT_EDITION) continue;
    const other = join(dirname(file), edition, basename(file));
    if (!existsSync(other)) continue;
    const there = await verifyPact(other, target);
    if (there.status === 'passed')
      return {
        ...today,
        status: 'passed',
        durationMs: today.durationMs + there.durationMs,
        warning: `answered as edition ${edition} of the page (${edition}/${basename(file)}), not ${DEFAULT_EDITION}`,
      };
  }
  return today;
}

export async function verifyPact(
  file: string,
  target: { providerUrl: string; stateChangeUrl?: string | undefined; credentials: Credentials },
): Promise<CaseResult> {
  const name = file.split('/').at(-1) as string;
  const started = performance.now();
  const done = (status: CaseResult['status'], message?: string): CaseResult => ({
    suite: 'pact',
    name,
    status,
    durationMs: performance.now() - started,
    ...(message === undefined ? {} : { message }),
  });
  if (!target.stateChangeUrl) return done('skipped', 'every interaction has a provider state: pass --state-change-url');
  process.env.PACT_DO_NOT_TRACK ??= 'true';
  try {
    const output = await new Verifier({
      provider: PROVIDER_NAME,
      providerBaseUrl: target.providerUrl,
      pactUrls: [file],
      // Straight to the provider: pact-js's own state proxy would only warn about an unknown state.
      providerStatesSetupUrl: target.stateChangeUrl,
      requestFilter: pactRequestFilter(target.credentials) as never,
      logLevel: 'error',
    }).verifyProvider();
    void output;
    return done('passed');
  } catch (error) {
    return done('failed', String((error as Error).message ?? error));
  }
}
