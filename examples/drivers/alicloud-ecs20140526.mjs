#!/usr/bin/env node
/**
 * check-client driver for @alicloud/ecs20140526 (V3 ACS3-HMAC-SHA256 by default; `--v2` or ECS_SIGNATURE=v2
 * for V1 HMAC-SHA1; `--retry` turns on the SDK's retryOptions for 5xx and throttling, off by default).
 *   npx ecs-conformance check-client --driver "node examples/drivers/alicloud-ecs20140526.mjs --v2"
 */
import EcsModule, { CreateSnapshotRequest } from '@alicloud/ecs20140526';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import { answerCalls, endpointOf } from './answer-calls.mjs';

// `exports.default = Client` compiled from TypeScript: Node's default import is the whole module.
const Ecs = EcsModule.default ?? EcsModule;
const v2 = process.argv.includes('--v2') || process.env.ECS_SIGNATURE === 'v2';
const retry = process.argv.includes('--retry');

await answerCalls(async (call) => {
  const { input, format } = call;
  const endpoint = new URL(endpointOf(call));
  const config = new $OpenApiUtil.Config({
    accessKeyId: process.env.ECS_ACCESS_KEY_ID,
    accessKeySecret: process.env.ECS_ACCESS_KEY_SECRET,
    endpoint: endpoint.host,
    protocol: endpoint.protocol.slice(0, -1),
    readTimeout: 10_000,
    ...(v2 ? { signatureAlgorithm: 'v2' } : {}),
  });
  if (retry) {
    const codes = ['InternalError', 'ServiceUnavailable', 'Throttling', 'Throttling.User', 'Throttling.Api'];
    // The shape of @darabonba/typescript's RetryOptions; without a backoff policy it waits 100 ms.
    config.retryOptions = { retryable: true, retryCondition: [{ maxAttempts: 3, errorCode: codes, exception: [] }] };
    config.retryOptions.noRetryCondition = [];
  }
  const { tags, ...rest } = input;
  const request = new CreateSnapshotRequest({ ...rest, ...(tags ? { tag: tags } : {}) });
  // The SDK has no format option: it asks for JSON. Asked for XML, the driver asks as a user would have to,
  // through the runtime's extra headers (V3) or query (V2).
  const xml = format === 'XML';
  const runtime = xml
    ? { extendsParameters: v2 ? { queries: { Format: 'XML' } } : { headers: { accept: 'text/xml' } } }
    : {};
  try {
    const response = await new Ecs(config).createSnapshotWithOptions(request, runtime);
    return { ok: true, snapshotId: response.body?.snapshotId, requestId: response.body?.requestId };
  } catch (error) {
    return {
      ok: false,
      code: error.code ?? null,
      httpStatus: error.statusCode ?? null,
      requestId: error.requestId ?? error.data?.RequestId ?? null,
      error: `${error.name}: ${error.message}`,
    };
  }
});
