#!/usr/bin/env node
/**
 * check-client driver for @alicloud/pop-core (V1 HMAC-SHA1; GET by default, `--post` for a form body).
 * pop-core has no retries. It surfaces no HTTP status on its errors (`statusCode` is undefined), so the
 * driver reports none: the truth about what a caller of pop-core can know.
 *   npx ecs-conformance check-client --driver "node examples/drivers/alicloud-pop-core.mjs --post"
 */
import PopCore from '@alicloud/pop-core';
import { answerCalls, endpointOf } from './answer-calls.mjs';

const method = process.argv.includes('--post') ? 'POST' : 'GET';

await answerCalls(async (call) => {
  const { input, format } = call;
  const client = new PopCore({
    accessKeyId: process.env.ECS_ACCESS_KEY_ID,
    accessKeySecret: process.env.ECS_ACCESS_KEY_SECRET,
    endpoint: endpointOf(call),
    apiVersion: '2014-05-26',
  });
  const params = {};
  if (input.diskId !== undefined) params.DiskId = input.diskId;
  if (input.snapshotName !== undefined) params.SnapshotName = input.snapshotName;
  if (input.description !== undefined) params.Description = input.description;
  if (input.retentionDays !== undefined) params.RetentionDays = input.retentionDays;
  if (input.category !== undefined) params.Category = input.category;
  if (input.clientToken !== undefined) params.ClientToken = input.clientToken;
  if (input.tags !== undefined) params.Tag = input.tags.map((t) => ({ Key: t.key, Value: t.value }));
  if (input.resourceGroupId !== undefined) params.ResourceGroupId = input.resourceGroupId;
  // Today's parameters: pop-core sends any value as its text (true → "true"; a scenario's non-boolean as written).
  if (input.instantAccess !== undefined) params.InstantAccess = String(input.instantAccess);
  if (input.instantAccessRetentionDays !== undefined)
    params.InstantAccessRetentionDays = input.instantAccessRetentionDays;
  if (input.storageLocationArn !== undefined) params.StorageLocationArn = input.storageLocationArn;
  // pop-core's own Format=JSON is a default parameter; a caller overrides it as any other.
  if (format === 'XML') params.Format = 'XML';
  try {
    const body = await client.request('CreateSnapshot', params, { method, timeout: 10_000 });
    return { ok: true, snapshotId: body.SnapshotId, requestId: body.RequestId };
  } catch (error) {
    return {
      ok: false,
      code: error.code ?? null,
      httpStatus: error.statusCode ?? null,
      requestId: error.data?.RequestId ?? null,
      error: `${error.name}: ${error.message}`,
    };
  }
});
