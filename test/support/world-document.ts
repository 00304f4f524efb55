/**
 * What the unit tests of src/core/world-document.ts share (world-document.*.test.ts): the clock they parse
 * at, parseWorldDocument's result as a world or as its errors, openapi/world.schema.json compiled with Ajv,
 * and a world with every field away from its default. Under test/, so the package's build leaves it out.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { World } from '../../src/core/world.js';
import { parseWorldDocument } from '../../src/core/world-document.js';

/** The clock the documents are parsed at, unless they name one. */
export const NOW = Date.parse('2026-11-29T06:00:00.000Z');

/** The world a valid document makes; throws with the errors of one that is not valid. */
export function parsed(input: unknown, now = NOW): World {
  const result = parseWorldDocument(input, now);
  if (!result.ok) throw new Error(`expected a valid document, got:\n${result.errors.join('\n')}`);
  return result.world;
}

/** What parseWorldDocument says is wrong with a document: nothing if it is valid. */
export function errorsOf(input: unknown): string[] {
  const result = parseWorldDocument(input, NOW);
  return result.ok ? [] : result.errors;
}

/** openapi/world.schema.json, and Ajv's validator of it. */
export const schema = JSON.parse(readFileSync(new URL('../../openapi/world.schema.json', import.meta.url), 'utf8')) as {
  properties: Record<string, { default?: unknown }>;
  $defs: Record<string, { properties?: Record<string, { default?: unknown }> }>;
};
export const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
addFormats.default(ajv);
export const validate = ajv.compile(schema);

/** A world with every field away from its default. */
export const richWorld: World = {
  now: Date.parse('2027-03-04T05:06:07.089Z'),
  edition: 'older-zh-CN',
  defaultRegion: 'cn-shanghai',
  resourceGroups: ['rg-1'],
  authorizedStorageLocationArns: ['acs:ecs:cn-shanghai:1:storagelocation/sl-1'],
  instantAccessUnsupportedRegions: ['cn-nanjing'],
  accessKeys: [
    { accessKeyId: 'ak-1', accessKeySecret: 'sk-1', active: false, authorized: true, actions: null },
    { accessKeyId: 'ak-2', accessKeySecret: 'sk-2', active: true, authorized: false, actions: ['DescribeDisks'] },
  ],
  account: { balance: 'insufficient', snapshotService: 'disabled', snapshotQuota: 10 },
  accounts: { 'acct-2': { balance: 'insufficientForPostpaid', snapshotService: 'disabled', snapshotQuota: null } },
  instances: [
    {
      instanceId: 'i-1',
      status: 'Stopped',
      everStarted: false,
      lockReason: 'security',
      createdAt: Date.parse('2027-03-04T04:30:00.000Z'),
      systemDiskReplacedAt: Date.parse('2027-03-04T04:45:00.500Z'),
      hibernationConfigured: true,
      region: 'cn-shanghai',
    },
  ],
  disks: [
    {
      diskId: 'd-1',
      instanceId: 'i-1',
      type: 'system',
      category: 'cloud_sharedssd',
      sizeGiB: 65_536,
      status: 'ReIniting',
      everAttached: false,
      everUsed: false,
      expired: true,
      inArrears: true,
      releaseAt: Date.parse('2027-03-05T00:00:00.000Z'),
      encrypted: true,
      kmsAccessible: false,
      multiAttach: true,
      accountId: 'acct-2',
      region: 'cn-shanghai',
      kmsKey: 'untagged',
      cloudBox: true,
      unfinishedEncryptedCopy: true,
      concurrentSnapshotQuota: 3,
    },
  ],
  snapshots: [
    {
      snapshotId: 's-1',
      diskId: 'd-1',
      name: 'nightly',
      description: 'before the upgrade',
      type: 'auto',
      status: 'progressing',
      progress: 37,
      createdAt: Date.parse('2027-03-04T05:00:00.000Z'),
      completesAt: Date.parse('2027-03-05T05:00:00.000Z'),
      retentionDays: 7,
      category: 'Flash',
      tags: [
        { key: 'env', value: 'prod' },
        { key: 'team', value: '' },
      ],
      resourceGroupId: 'rg-1',
      region: 'cn-shanghai',
      instantAccess: true,
      instantAccessRetentionDays: 3,
      storageLocationArn: 'acs:ecs:cn-shanghai:1234567890123456:storagelocation/sl-1',
    },
  ],
  clientTokens: [{ clientToken: 'tok-1', fingerprint: '{"DiskId":"d-1"}', state: 'processing', snapshotId: 's-1' }],
};
