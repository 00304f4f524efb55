/** The Alibaba SDK clients as the tests drive them (contracts, SDK tests), and what they surface to their callers. */
import EcsClient, { CreateSnapshotRequest } from '@alicloud/ecs20140526';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import PopCore from '@alicloud/pop-core';
import type { ScenarioInput } from '../../src/contracts/scenarios.js';
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET } from '../../src/core/world-document.js';

/** What a client told its caller. */
export interface Surfaced {
  ok: boolean;
  [key: string]: unknown;
}

export interface SdkOptions {
  /** The secret the client signs with (default: the simulator's test secret). */
  accessKeySecret?: string;
}

type EcsClientClass = typeof EcsClient.default;
/** `exports.default = Client`: the default import is the module (Node, tsx) or the class (vitest). */
const Ecs: EcsClientClass =
  (EcsClient as { default?: EcsClientClass }).default ?? (EcsClient as unknown as EcsClientClass);

export async function callEcs(
  baseUrl: string,
  input: ScenarioInput,
  signatureAlgorithm?: 'v2',
  options: SdkOptions = {},
): Promise<Surfaced> {
  const url = new URL(baseUrl);
  const config = new $OpenApiUtil.Config({
    accessKeyId: DEFAULT_ACCESS_KEY_ID,
    accessKeySecret: options.accessKeySecret ?? DEFAULT_ACCESS_KEY_SECRET,
    endpoint: url.host,
    protocol: 'http',
    ...(signatureAlgorithm ? { signatureAlgorithm } : {}),
  });
  const request = new CreateSnapshotRequest({
    ...input,
    ...(input.tags ? { tag: input.tags } : {}),
  });
  try {
    const response = await new Ecs(config).createSnapshot(request);
    return { ok: true, snapshotId: response.body?.snapshotId, requestId: response.body?.requestId };
  } catch (e) {
    const error = e as { constructor: { name: string }; code?: string; statusCode?: number; requestId?: string };
    return {
      ok: false,
      errorClass: error.constructor.name,
      code: error.code,
      statusCode: error.statusCode,
      requestId: error.requestId,
    };
  }
}

export async function callPop(
  baseUrl: string,
  input: ScenarioInput,
  method: 'GET' | 'POST',
  options: SdkOptions = {},
): Promise<Surfaced> {
  const client = new PopCore({
    accessKeyId: DEFAULT_ACCESS_KEY_ID,
    accessKeySecret: options.accessKeySecret ?? DEFAULT_ACCESS_KEY_SECRET,
    endpoint: baseUrl,
    apiVersion: '2014-05-26',
  });
  const params: Record<string, unknown> = {};
  if (input.diskId !== undefined) params.DiskId = input.diskId;
  if (input.snapshotName !== undefined) params.SnapshotName = input.snapshotName;
  if (input.description !== undefined) params.Description = input.description;
  if (input.retentionDays !== undefined) params.RetentionDays = input.retentionDays;
  if (input.category !== undefined) params.Category = input.category;
  if (input.clientToken !== undefined) params.ClientToken = input.clientToken;
  if (input.tags !== undefined) params.Tag = input.tags.map((t) => ({ Key: t.key, Value: t.value }));
  if (input.resourceGroupId !== undefined) params.ResourceGroupId = input.resourceGroupId;
  if (input.instantAccess !== undefined) params.InstantAccess = input.instantAccess;
  if (input.instantAccessRetentionDays !== undefined)
    params.InstantAccessRetentionDays = input.instantAccessRetentionDays;
  if (input.storageLocationArn !== undefined) params.StorageLocationArn = input.storageLocationArn;
  try {
    const body = (await client.request('CreateSnapshot', params, { method })) as {
      SnapshotId?: string;
      RequestId?: string;
    };
    return { ok: true, snapshotId: body.SnapshotId, requestId: body.RequestId };
  } catch (e) {
    const error = e as { name: string; code?: string; statusCode?: number; data?: { RequestId?: string } };
    return {
      ok: false,
      errorClass: error.name,
      code: error.code,
      statusCode: error.statusCode,
      requestId: error.data?.RequestId,
    };
  }
}
