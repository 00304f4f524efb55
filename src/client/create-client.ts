/**
 * The reference client: signs CreateSnapshot as the Alibaba SDKs do (V1 as pop-core's GET, V3 as
 * @alicloud/ecs20140526's POST /?<parameters>), sends it with the injected fetch, and returns every
 * answer (success, documented error, network failure, unreadable answer) as a value.
 */
import { type SignOptions, signV1Request, signV3Request } from '../protocol/sign-request.js';
import { toApiParameters } from './api-parameters.js';
import { type ResolvedOptions, resolveOptions } from './client-options.js';
import { readAnswer } from './read-answer.js';
import { backoffDelay, isRetryable } from './retry.js';
import type { ClientOptions, CreateSnapshotClient, CreateSnapshotResult } from './types.js';

const messageOf = (cause: unknown) => (cause instanceof Error ? cause.message : String(cause));

/** One attempt: a fresh nonce, timestamp and signature each time, since the service refuses a reused nonce. */
async function send(options: ResolvedOptions, params: Record<string, string>): Promise<CreateSnapshotResult> {
  const sign: SignOptions = {
    hasher: options.hasher,
    credentials: options.credentials,
    params,
    host: options.host,
    nonce: options.nonce(),
    date: options.now(),
    format: options.format,
  };
  const signed = options.signatureVersion === 'V1' ? await signV1Request(sign) : await signV3Request(sign);
  // fetch sets Host from the URL itself (browsers forbid setting it); V3 signed that same value.
  const { host: _host, ...headers } = signed.headers;
  const fetchFn = options.fetch;
  let response: Response;
  let body: string;
  try {
    response = await fetchFn(`${options.origin}${signed.url}`, {
      method: signed.method,
      headers,
      ...(signed.body === '' ? {} : { body: signed.body }),
    });
    // A connection dropped mid-body is as much a network failure as one refused outright.
    body = await response.text();
  } catch (cause) {
    return { ok: false, error: { kind: 'network', message: messageOf(cause), cause } };
  }
  return readAnswer({
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    requestIdHeader: response.headers.get('x-acs-request-id') ?? undefined,
    body,
  });
}

/** Throws InvalidClientOptions for bad options; the client it returns never throws for what the server does. */
export function createClient(clientOptions: ClientOptions): CreateSnapshotClient {
  const options = resolveOptions(clientOptions);
  return {
    async createSnapshot(input) {
      // Chosen once per call, so every retry is the same request to the service's idempotency check. An
      // empty token counts as absent on the service side, so it is replaced too.
      const clientToken = input.clientToken || options.clientToken();
      const params = toApiParameters({ ...input, clientToken });
      for (let attempt = 1; ; attempt++) {
        const result = await send(options, params);
        if (result.ok || attempt >= options.retry.attempts || !isRetryable(result.error)) return result;
        await options.sleep(backoffDelay(attempt, options.retry, options.random));
      }
    },
  };
}
