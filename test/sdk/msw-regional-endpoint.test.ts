/**
 * The MSW handlers answer for every ECS endpoint the SDKs call, in both spellings: @alicloud/ecs20140526 with
 * `regionId: 'cn-hangzhou'` calls ecs-cn-hangzhou.aliyuncs.com (hyphen). With `onUnhandledRequest: 'error'`, as
 * the README recommends, a request the handlers did not catch fails instead of leaving for the real cloud.
 */
import EcsClient, { CreateSnapshotRequest } from '@alicloud/ecs20140526';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET } from '../../src/core/world-document.js';
import { createSimulatorHandlers } from '../../src/msw/index.js';

type EcsClientClass = typeof EcsClient.default;
const Ecs: EcsClientClass =
  (EcsClient as { default?: EcsClientClass }).default ?? (EcsClient as unknown as EcsClientClass);

const { handlers, simulator } = createSimulatorHandlers();
const server = setupServer(...handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
beforeEach(() => simulator.reset());

describe('MSW handlers and regional endpoints', () => {
  it("catch @alicloud/ecs20140526 with regionId 'cn-hangzhou' (ecs-cn-hangzhou.aliyuncs.com), HostId echoing it", async () => {
    const client = new Ecs(
      new $OpenApiUtil.Config({
        accessKeyId: DEFAULT_ACCESS_KEY_ID,
        accessKeySecret: DEFAULT_ACCESS_KEY_SECRET,
        regionId: 'cn-hangzhou',
      }),
    );
    const ok = await client.createSnapshot(new CreateSnapshotRequest({ diskId: 'd-healthy', category: 'standard' }));
    expect(ok.body?.snapshotId).toMatch(/^s-/);
    const error = (await client
      .createSnapshot(new CreateSnapshotRequest({ diskId: 'd-does-not-exist' }))
      .catch((e: unknown) => e)) as { code?: string; data?: { HostId?: string } };
    expect(error.code).toBe('InvalidDiskId.NotFound');
    expect(error.data?.HostId).toBe('ecs-cn-hangzhou.aliyuncs.com');
  });

  it.each([
    'https://ecs.aliyuncs.com/',
    'https://ecs.cn-hangzhou.aliyuncs.com/',
    'https://ecs-cn-hangzhou.aliyuncs.com/',
    'https://ecs.us-west-1.aliyuncs.com/',
    'https://ecs-ap-southeast-1.aliyuncs.com/',
  ])('answer %s', async (url) => {
    const response = await fetch(`${url}?Action=CreateSnapshot&Version=2014-05-26&Format=JSON`);
    const body = (await response.json()) as { Code?: string; HostId?: string };
    expect(body.Code).toBe('MissingParameter'); // the simulator answered, not the network
    expect(body.HostId).toBe(new URL(url).host);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('find a disk of another region by the endpoint host (either spelling), and not otherwise', async () => {
    const find = async (host: string) => {
      const client = new Ecs(
        new $OpenApiUtil.Config({
          accessKeyId: DEFAULT_ACCESS_KEY_ID,
          accessKeySecret: DEFAULT_ACCESS_KEY_SECRET,
          endpoint: host,
        }),
      );
      return client
        .createSnapshot(new CreateSnapshotRequest({ diskId: 'd-other-region' }))
        .then((r) => r.body?.snapshotId ?? 'none')
        .catch((e: { code?: string }) => e.code);
    };
    expect(await find('ecs.cn-beijing.aliyuncs.com')).toMatch(/^s-/);
    simulator.reset(); // the first snapshot is still being created
    expect(await find('ecs-cn-beijing.aliyuncs.com')).toMatch(/^s-/);
    expect(await find('ecs-cn-hangzhou.aliyuncs.com')).toBe('InvalidDiskId.NotFound');
    expect(await find('ecs.aliyuncs.com')).toBe('InvalidDiskId.NotFound');
  });

  it('leave other hosts alone: with onUnhandledRequest error, they fail', async () => {
    const said = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      await expect(fetch('https://example.invalid/')).rejects.toThrow();
      expect(String(said.mock.calls[0]?.[0])).toContain('without a matching request handler');
    } finally {
      said.mockRestore();
    }
  });
});
