/**
 * Provider states of the CreateSnapshot contracts: exact, parameterised names shared by the consumer
 * tests (`given(name, params)`) and the provider (`POST /_sim/pact-state`). Each sets up the simulator
 * from the default world: a disk (or token, or key) named by the parameters, in the stated condition.
 * An unknown state is refused, so that a verification run fails instead of testing the wrong thing.
 */
import { type ErrorId, findCatalogueEntry } from '../catalogue.js';
import type { Simulator } from '../core/simulator.js';
import type { World } from '../core/world.js';
import {
  DEFAULT_REGION,
  type DiskDocument,
  type InstanceDocument,
  parseWorldDocument,
} from '../core/world-document.js';

export const STATES = {
  healthyDisk: 'disk {diskId} is healthy',
  diskMissing: 'disk {diskId} does not exist',
  snapshotServiceDisabled: 'disk {diskId} belongs to an account that has not opened the snapshot service',
  insufficientBalance: 'disk {diskId} belongs to an account with insufficient balance',
  localDisk: 'disk {diskId} is a local disk',
  elasticEphemeralDisk: 'disk {diskId} is an elastic ephemeral disk',
  multiAttachDisk: 'disk {diskId} is a multi-attach disk',
  inArrears: 'disk {diskId} is in arrears',
  kmsUnauthorized: 'disk {diskId} is encrypted with a KMS key ECS may not use',
  sharedVolumeMissing: 'disk {diskId} is shared block storage attached to an instance that no longer exists',
  instanceMissing: 'disk {diskId} is attached to an instance that no longer exists',
  instanceLocked: 'disk {diskId} is attached to an instance locked for security',
  transferring: 'disk {diskId} is Transferring',
  invalid: 'disk {diskId} is Invalid',
  sharedVolumeDetaching: 'disk {diskId} is shared block storage being detached',
  reIniting: 'disk {diskId} is ReIniting',
  neverAttached: 'disk {diskId} has never been attached',
  neverUsed: 'disk {diskId} has never been used',
  instanceNeverStarted: 'disk {diskId} is attached to an instance that has never been started',
  instanceStarting: 'disk {diskId} is attached to an instance that is Starting',
  newInstanceSystemDisk: 'disk {diskId} is the system disk of an instance created 10 minutes ago',
  quotaFull: 'disk {diskId} has 256 manual snapshots',
  snapshotInProgress: 'disk {diskId} has a snapshot in progress',
  tokenProcessing: 'disk {diskId} is healthy and ClientToken {clientToken} is held by a request still being processed',
  tokenUsed: 'disk {diskId} is healthy and ClientToken {clientToken} was used with other parameters',
  keyMissing: 'disk {diskId} is healthy and access key {accessKeyId} does not exist',
  keyInactive: 'disk {diskId} is healthy and access key {accessKeyId} is disabled',
  keyForbidden: 'disk {diskId} is healthy and access key {accessKeyId} is not authorised by RAM',
  keyOtherSecret: 'disk {diskId} is healthy and access key {accessKeyId} has another secret than the client signs with',
  fault: 'disk {diskId} is healthy and the service answers the next CreateSnapshot with {errorId}',
  keyWithoutAction: 'disk {diskId} is healthy and access key {accessKeyId} may not call CreateSnapshot',
  postpaidBalance: 'disk {diskId} belongs to an account that cannot order pay-as-you-go products',
  accountQuotaFull: 'disk {diskId} belongs to an account whose snapshot quota is used up',
  kmsKeyMissing: 'disk {diskId} is encrypted with a KMS key that does not exist',
  kmsKeyDisabled: 'disk {diskId} is encrypted with a KMS key that is not enabled',
  kmsKeyUntagged: 'disk {diskId} is encrypted with a KMS key without the ECS tags',
  noInstantAccessRegion: 'disk {diskId} is in a region without instant access',
  cloudBox: 'disk {diskId} is in a CloudBox',
  hibernation: 'disk {diskId} is attached to an instance configured for hibernation',
  unfinishedEncryptedCopy: 'disk {diskId} has an unfinished encrypted snapshot copy',
  concurrentQuotaFull: 'disk {diskId} allows one snapshot at a time and has one in progress',
  concurrentInProgress: 'disk {diskId} allows several snapshots at once and has one in progress',
} as const;

export type StateName = (typeof STATES)[keyof typeof STATES];
export type StateParams = Record<string, string>;

const MINUTE = 60_000;
const DAY = 1_440 * MINUTE;

type Setup = (world: World, p: StateParams, now: number) => void;

/**
 * Puts disk `diskId` on its own instance `i-for-<diskId>` (or on a missing one, or on none), replacing any
 * disk of that id. Every field not named takes the World document's default (a healthy resource), read
 * from parseWorldDocument rather than written again here.
 */
const disk =
  (
    changes: Omit<DiskDocument, 'diskId'> = {},
    inst: Omit<InstanceDocument, 'instanceId'> | 'missing' | 'none' = {},
  ): Setup =>
  (world, p, now) => {
    const diskId = p.diskId as string;
    const instanceId = inst === 'none' ? null : `i-for-${diskId}`;
    const made = parseWorldDocument(
      {
        now: new Date(now).toISOString(),
        accounts: world.accounts,
        disks: [{ diskId, instanceId, ...changes }],
        instances: instanceId !== null && inst !== 'missing' && inst !== 'none' ? [{ instanceId, ...inst }] : [],
      },
      now,
    );
    if (!made.ok) throw new Error(`provider state for ${diskId}: ${made.errors.join('; ')}`);
    world.disks = [...world.disks.filter((d) => d.diskId !== diskId), ...made.world.disks];
    world.instances.push(...made.world.instances);
  };

const withKey =
  (change: (world: World, accessKeyId: string) => void): Setup =>
  (world, p, now) => {
    disk()(world, p, now);
    change(world, p.accessKeyId as string);
  };

const setups: Record<StateName, Setup> = {
  [STATES.healthyDisk]: disk(),
  [STATES.diskMissing]: (world, p) => {
    world.disks = world.disks.filter((d) => d.diskId !== p.diskId);
  },
  [STATES.snapshotServiceDisabled]: (world, p, now) => {
    world.accounts['acct-contract'] = { balance: 'sufficient', snapshotService: 'disabled', snapshotQuota: null };
    disk({ accountId: 'acct-contract' })(world, p, now);
  },
  [STATES.insufficientBalance]: (world, p, now) => {
    world.accounts['acct-contract'] = { balance: 'insufficient', snapshotService: 'enabled', snapshotQuota: null };
    disk({ accountId: 'acct-contract' })(world, p, now);
  },
  [STATES.localDisk]: disk({ category: 'local_ssd_pro' }),
  [STATES.elasticEphemeralDisk]: disk({ category: 'elastic_ephemeral_disk_standard' }),
  [STATES.multiAttachDisk]: disk({ multiAttach: true }),
  [STATES.inArrears]: disk({ inArrears: true }),
  [STATES.kmsUnauthorized]: disk({ encrypted: true, kmsAccessible: false }),
  [STATES.sharedVolumeMissing]: disk({ category: 'cloud_sharedssd' }, 'missing'),
  [STATES.instanceMissing]: disk({}, 'missing'),
  [STATES.instanceLocked]: disk({}, { lockReason: 'security' }),
  [STATES.transferring]: disk({ status: 'Transferring' }),
  [STATES.invalid]: disk({ status: 'Invalid' }),
  [STATES.sharedVolumeDetaching]: disk({ category: 'cloud_sharedssd', status: 'Detaching' }),
  [STATES.reIniting]: disk({ status: 'ReIniting' }),
  [STATES.neverAttached]: disk({ everAttached: false, everUsed: false }, 'none'),
  [STATES.neverUsed]: disk({ everUsed: false }),
  [STATES.instanceNeverStarted]: disk({}, { status: 'Stopped', everStarted: false }),
  [STATES.instanceStarting]: disk({}, { status: 'Starting' }),
  [STATES.newInstanceSystemDisk]: (world, p, now) =>
    disk({ type: 'system' }, { createdAt: new Date(now - 10 * MINUTE).toISOString() })(world, p, now),
  [STATES.quotaFull]: (world, p, now) => {
    disk()(world, p, now);
    for (let i = 1; i <= 256; i++)
      world.snapshots.push(accomplished(`s-contract-${i}`, p.diskId as string, now - i * DAY));
  },
  [STATES.snapshotInProgress]: (world, p, now) => {
    disk()(world, p, now);
    world.snapshots.push({
      ...accomplished('s-contract-progressing', p.diskId as string, now - MINUTE),
      status: 'progressing',
      progress: 10,
      completesAt: now + 10 * MINUTE,
    });
  },
  [STATES.tokenProcessing]: (world, p, now) => {
    disk()(world, p, now);
    world.clientTokens.push({
      clientToken: p.clientToken as string,
      fingerprint: '',
      state: 'processing',
      snapshotId: null,
    });
  },
  [STATES.tokenUsed]: (world, p, now) => {
    disk()(world, p, now);
    world.snapshots.push(accomplished('s-contract-token', p.diskId as string, now - DAY));
    world.clientTokens.push({
      clientToken: p.clientToken as string,
      fingerprint: '{"other":"parameters"}',
      state: 'done',
      snapshotId: 's-contract-token',
    });
  },
  [STATES.keyMissing]: withKey((world, id) => {
    world.accessKeys = world.accessKeys.filter((k) => k.accessKeyId !== id);
  }),
  [STATES.keyInactive]: withKey((world, id) => {
    for (const k of world.accessKeys) if (k.accessKeyId === id) k.active = false;
  }),
  [STATES.keyForbidden]: withKey((world, id) => {
    for (const k of world.accessKeys) if (k.accessKeyId === id) k.authorized = false;
  }),
  [STATES.keyOtherSecret]: withKey((world, id) => {
    for (const k of world.accessKeys) if (k.accessKeyId === id) k.accessKeySecret = `${k.accessKeySecret}-rotated`;
  }),
  [STATES.fault]: disk(),
  [STATES.keyWithoutAction]: withKey((world, id) => {
    for (const k of world.accessKeys) if (k.accessKeyId === id) k.actions = ['DescribeDisks'];
  }),
  [STATES.postpaidBalance]: (world, p, now) => {
    world.accounts['acct-contract'] = {
      balance: 'insufficientForPostpaid',
      snapshotService: 'enabled',
      snapshotQuota: null,
    };
    disk({ accountId: 'acct-contract' })(world, p, now);
  },
  [STATES.accountQuotaFull]: (world, p, now) => {
    world.accounts['acct-contract'] = { balance: 'sufficient', snapshotService: 'enabled', snapshotQuota: 1 };
    disk({ accountId: 'acct-contract' })(world, p, now);
    world.snapshots.push(accomplished('s-contract-account-quota', p.diskId as string, now - DAY));
  },
  [STATES.kmsKeyMissing]: disk({ encrypted: true, kmsKey: 'missing' }),
  [STATES.kmsKeyDisabled]: disk({ encrypted: true, kmsKey: 'disabled' }),
  [STATES.kmsKeyUntagged]: disk({ encrypted: true, kmsKey: 'untagged' }),
  [STATES.noInstantAccessRegion]: (world, p, now) => {
    disk()(world, p, now);
    world.instantAccessUnsupportedRegions = [...world.instantAccessUnsupportedRegions, world.defaultRegion];
  },
  [STATES.cloudBox]: disk({ cloudBox: true }),
  [STATES.hibernation]: disk({}, { hibernationConfigured: true }),
  [STATES.unfinishedEncryptedCopy]: disk({ encrypted: true, unfinishedEncryptedCopy: true }),
  [STATES.concurrentQuotaFull]: inProgress(1),
  [STATES.concurrentInProgress]: inProgress(3),
};

/** A disk allowing `quota` snapshots at once, with one of them progressing. */
function inProgress(quota: number): Setup {
  return (world, p, now) => {
    disk({ concurrentSnapshotQuota: quota })(world, p, now);
    world.snapshots.push({
      ...accomplished('s-contract-concurrent', p.diskId as string, now - MINUTE),
      status: 'progressing',
      progress: 10,
      completesAt: now + 10 * MINUTE,
    });
  };
}

function accomplished(snapshotId: string, diskId: string, createdAt: number) {
  return {
    snapshotId,
    diskId,
    name: null,
    description: null,
    type: 'user' as const,
    status: 'accomplished' as const,
    progress: 100,
    createdAt,
    completesAt: createdAt,
    retentionDays: null,
    category: null,
    tags: [],
    resourceGroupId: null,
    region: DEFAULT_REGION,
    instantAccess: false,
    instantAccessRetentionDays: null,
    storageLocationArn: null,
  };
}

const REQUIRED: Record<string, string[]> = {};
for (const name of Object.values(STATES)) REQUIRED[name] = [...name.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);

/**
 * Sets the simulator up for a provider state: back to the initial world, then the state's changes.
 * Returns the problems (unknown state, missing parameter) instead of guessing.
 */
export function applyProviderState(
  sim: Simulator,
  state: string,
  params: StateParams,
): { ok: true } | { ok: false; errors: string[] } {
  // Own properties only: a state named "constructor" or "__proto__" is unknown like any other.
  const setup = Object.hasOwn(setups, state) ? setups[state as StateName] : undefined;
  if (setup === undefined) {
    const named = state.length > 200 ? `${state.slice(0, 200)}…` : state;
    return {
      ok: false,
      errors: [`state: unknown provider state "${named}"; known states: ${Object.values(STATES).join(' | ')}`],
    };
  }
  const missing = (REQUIRED[state] ?? []).filter((k) => typeof params[k] !== 'string' || params[k] === '');
  if (missing.length > 0)
    return { ok: false, errors: missing.map((k) => `params.${k}: required by the state "${state}"`) };
  if (state === STATES.fault && findCatalogueEntry(params.errorId as string) === undefined) {
    return { ok: false, errors: [`params.errorId: must be an id of the error catalogue (got "${params.errorId}")`] };
  }
  // Tried on a copy first: parameters a world cannot take (a diskId no World document allows) change nothing.
  try {
    setup(sim.world(), params, sim.now());
  } catch (error) {
    return { ok: false, errors: [`params: ${(error as Error).message.slice(0, 500)}`] };
  }
  sim.reset();
  const world = sim.world();
  setup(world, params, world.now);
  // As the state leaves it: "access key {accessKeyId} does not exist" holds for a test key's own world too.
  sim.load(world, { exactly: true });
  if (state === STATES.fault) sim.faults.set([{ action: 'CreateSnapshot', code: params.errorId as ErrorId, times: 1 }]);
  return { ok: true };
}
