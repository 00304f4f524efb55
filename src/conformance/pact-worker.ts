/**
 * Runs the Pact verifier in a child process of `verify-pacts.ts`: Pact's core writes its report straight to
 * file descriptor 1 from native code, which no in-process option silences. Here that output goes to the
 * parent's pipe (shown with --verbose); the verifier's JSON result comes back over the IPC channel.
 * The job is one JSON argument: { providerUrl, stateChangeUrl, credentials, pactUrls }.
 */
import { Verifier } from '@pact-foundation/pact';
import { pactRequestFilter } from '../node/pact-request-filter.js';
import type { Credentials } from '../protocol/sign-request.js';
import { PROVIDER_NAME } from './verify-pacts.js';

interface Job {
  providerUrl: string;
  stateChangeUrl: string;
  credentials: Credentials;
  pactUrls: string[];
}

const job = JSON.parse(process.argv[2] as string) as Job;
process.env.PACT_DO_NOT_TRACK ??= 'true';
const send = (message: { ok: boolean; json: string }) =>
  new Promise<void>((resolve) => (process.send ? process.send(message, () => resolve()) : resolve()));
try {
  const json = await new Verifier({
    provider: PROVIDER_NAME,
    providerBaseUrl: job.providerUrl,
    pactUrls: job.pactUrls,
    // Straight to the provider: pact-js's own state proxy would only warn about an unknown state.
    providerStatesSetupUrl: job.stateChangeUrl,
    requestFilter: pactRequestFilter(job.credentials) as never,
    logLevel: 'error',
  }).verifyProvider();
  await send({ ok: true, json: String(json) });
} catch (error) {
  await send({ ok: false, json: String((error as Error).message ?? error) });
}
process.exit(0);
