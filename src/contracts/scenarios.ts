/**
 * The scenarios every client is held to, per edition of the page (today's, the simulator's default, first):
 * successes with every optional parameter (the older page's, and today's), and each documented error of the
 * edition, with the provider state that produces it and the call that meets it.
 * Client-neutral: each consumer test turns `input` into its own client's call.
 */
import {
  catalogueEntry,
  DEFAULT_EDITION,
  type Edition,
  type ErrorId,
  errorCatalogue,
  factsOf,
  inEdition,
} from '../catalogue.js';
import { AUTHORIZED_STORAGE_LOCATION_ARN } from '../core/default-world.js';
import { DEFAULT_ACCESS_KEY_ID } from '../core/world-document.js';
import { STATES, type StateName, type StateParams } from './provider-states.js';

export interface ScenarioInput {
  diskId?: string;
  snapshotName?: string;
  description?: string;
  retentionDays?: number;
  /** As the client sends it: Terraform sends `standard`, in lower case; `Archive` is no category at all. */
  category?: 'Standard' | 'Flash' | 'standard' | 'flash' | 'Archive';
  clientToken?: string;
  tags?: Array<{ key: string; value: string }>;
  resourceGroupId?: string;
  /** A boolean, or (an untyped caller's mistake) a string that is none. */
  instantAccess?: boolean | 'yes';
  instantAccessRetentionDays?: number;
  storageLocationArn?: string;
}

export interface Scenario {
  /** The interaction's description in the pact. */
  name: string;
  /** The edition of the page whose answer this is. */
  edition: Edition;
  state: { name: StateName; params: StateParams };
  input: ScenarioInput;
  answer: 'success' | ErrorId;
  /** For templated messages: the parameter named. */
  parameterName?: string;
  /** For messages with `%s`: the values, in order. */
  args?: string[];
}

export const CONTRACT_DISK = 'd-contract-0001';

const given = (name: StateName, extra: StateParams = {}) => ({ name, params: { diskId: CONTRACT_DISK, ...extra } });
const key = { accessKeyId: DEFAULT_ACCESS_KEY_ID };

/** How each error of today's edition is reached: a provider state, and what the call sends. */
type Reach = Omit<Scenario, 'name' | 'answer' | 'edition'>;
const reach: Partial<Record<ErrorId, Reach>> = {
  MissingParameter: { state: given(STATES.healthyDisk), input: {}, parameterName: 'DiskId' },
  // Today's InvalidParameter of the request: an InstantAccess that is no boolean (an untyped caller's mistake);
  // every other parameter error has its own code now.
  InvalidParameter: {
    state: given(STATES.healthyDisk),
    input: { instantAccess: 'yes' },
    parameterName: 'InstantAccess',
  },
  'InvalidRetentionDays.Malformed': { state: given(STATES.healthyDisk), input: { retentionDays: 0 } },
  'InvalidSnapshotCategory.Malformed': { state: given(STATES.healthyDisk), input: { category: 'Archive' } },
  'InvalidClientToken.Malformed': { state: given(STATES.healthyDisk), input: { clientToken: 't'.repeat(65) } },
  'InvalidCategoryAndInstantAccess.Malformed': {
    state: given(STATES.healthyDisk),
    input: { category: 'Standard', instantAccess: true },
  },
  'InvalidInstantAccessRetentionDays.Malformed': {
    state: given(STATES.healthyDisk),
    input: { instantAccess: true, instantAccessRetentionDays: 65_536 },
  },
  'InvalidResourceGroup.NotFound': {
    state: given(STATES.healthyDisk),
    input: { resourceGroupId: 'rg-does-not-exist' },
  },
  'InvalidParameter.UnauthorizedStorageLocationArn': {
    state: given(STATES.healthyDisk),
    input: { storageLocationArn: 'acs:ecs:cn-hangzhou:1234567890123456:storagelocation/sl-not-yours' },
  },
  'InvalidAction.Unauthorized': { state: given(STATES.keyWithoutAction, key), input: {} },
  'InvalidAccountStatus.NotEnoughBalance-postpaid': { state: given(STATES.postpaidBalance), input: {} },
  'QuotaExceed.SnapshotQuota': { state: given(STATES.accountQuotaFull), input: {} },
  'InvalidParameter.KMSKeyId.NotFound': { state: given(STATES.kmsKeyMissing), input: {} },
  'InvalidParameter.KMSKeyId.CMKNotEnabled': { state: given(STATES.kmsKeyDisabled), input: {} },
  'InvalidParameter.KMSKeyId.CMKUnauthorized': { state: given(STATES.kmsKeyUntagged), input: {} },
  'InvalidRegion.NotSupportSnapshotInstantAccessRegion': {
    state: given(STATES.noInstantAccessRegion),
    input: { instantAccess: true },
  },
  CloudBoxNotSupportSnapshotWithInstantAccess: { state: given(STATES.cloudBox), input: { instantAccess: true } },
  'HibernationConfigured.InstanceOperationForbidden': { state: given(STATES.hibernation), input: {} },
  'InvalidOperation.UnfinishedEncryptedSnapshotCopy': { state: given(STATES.unfinishedEncryptedCopy), input: {} },
  'QuotaExceed.ConcurrentSnapshotQuota': {
    state: given(STATES.concurrentQuotaFull),
    input: {},
    args: [CONTRACT_DISK, '1'],
  },
  DISK_HAS_CREATING_SNAPSHOT: { state: given(STATES.concurrentInProgress), input: { instantAccess: true } },
  InvalidAccessKeyId: { state: given(STATES.keyMissing, key), input: {} },
  'InvalidAction.NotFound': { state: given(STATES.fault, { errorId: 'InvalidAction.NotFound' }), input: {} },
  'InvalidSnapshotName.Malformed': { state: given(STATES.healthyDisk), input: { snapshotName: 'autoSnapshot' } },
  'InvalidDescription.Malformed': {
    state: given(STATES.healthyDisk),
    input: { description: 'http://example.com/backup' },
  },
  'InvalidTagKey.Malformed': {
    state: given(STATES.healthyDisk),
    input: { tags: [{ key: 'aliyun-team', value: 'db' }] },
  },
  'InvalidTagValue.Malformed': {
    state: given(STATES.healthyDisk),
    input: { tags: [{ key: 'team', value: 'see https://example.com' }] },
  },
  'Duplicate.TagKey': {
    state: given(STATES.healthyDisk),
    input: {
      tags: [
        { key: 'team', value: 'a' },
        { key: 'team', value: 'b' },
      ],
    },
  },
  IdempotentProcessing: {
    state: given(STATES.tokenProcessing, { clientToken: 'ct-contract-processing' }),
    input: { clientToken: 'ct-contract-processing' },
  },
  IdempotentParameterMismatch: {
    state: given(STATES.tokenUsed, { clientToken: 'ct-contract-used' }),
    input: { clientToken: 'ct-contract-used' },
  },
  'InvalidDiskId.NotFound': { state: given(STATES.diskMissing), input: {} },
  'InvalidAccountStatus.SnapshotServiceUnavailable': { state: given(STATES.snapshotServiceDisabled), input: {} },
  'InvalidAccountStatus.NotEnoughBalance': { state: given(STATES.insufficientBalance), input: {} },
  'DiskCategory.OperationNotSupported': { state: given(STATES.localDisk), input: {} },
  'DiskId.ValueNotSupported': { state: given(STATES.elasticEphemeralDisk), input: {} },
  'IncorrectDiskType.NotSupport': { state: given(STATES.multiAttachDisk), input: {} },
  DiskInArrears: { state: given(STATES.inArrears), input: {} },
  'InvalidParameter.KMSKeyId.KMSUnauthorized': { state: given(STATES.kmsUnauthorized), input: {} },
  'InvalidVolumeId.NotFound': { state: given(STATES.sharedVolumeMissing), input: {} },
  'InvalidInstanceId.NotFound': { state: given(STATES.instanceMissing), input: {} },
  InstanceLockedForSecurity: { state: given(STATES.instanceLocked), input: {} },
  'IncorrectDiskStatus.Transferring': { state: given(STATES.transferring), input: {} },
  'IncorrectDiskStatus.Invalid': { state: given(STATES.invalid), input: {} },
  IncorrectVolumeStatus: { state: given(STATES.sharedVolumeDetaching), input: {} },
  IncorrectDiskStatus: { state: given(STATES.reIniting), input: {} },
  'IncorrectDiskStatus.NeverAttached': { state: given(STATES.neverAttached), input: {} },
  'IncorrectDiskStatus.NeverUsed': { state: given(STATES.neverUsed), input: {} },
  IncorrectInstanceStatus: { state: given(STATES.instanceStarting), input: {} },
  // Today's page has no warm-up rule: the row is reached by a fault (the older edition: STATES.newInstanceSystemDisk).
  'CreateSnapshot.Failed': { state: given(STATES.fault, { errorId: 'CreateSnapshot.Failed' }), input: {} },
  'QuotaExceed.Snapshot': { state: given(STATES.quotaFull), input: {} },
  'IncorrectDiskStatus.CreatingSnapshot': { state: given(STATES.snapshotInProgress), input: {} },
  'InvalidAccessKeyId.Inactive': { state: given(STATES.keyInactive, key), input: {} },
  'Forbidden.RAM': { state: given(STATES.keyForbidden, key), input: {} },
  SignatureDoesNotMatch: { state: given(STATES.keyOtherSecret, key), input: {} },
  // A correct client cannot make the gateway produce these, nor the service fail on demand: a fault does.
  UnsupportedHTTPMethod: { state: given(STATES.fault, { errorId: 'UnsupportedHTTPMethod' }), input: {} },
  IncompleteSignature: { state: given(STATES.fault, { errorId: 'IncompleteSignature' }), input: {} },
  InvalidSignatureMethod: { state: given(STATES.fault, { errorId: 'InvalidSignatureMethod' }), input: {} },
  'InvalidTimeStamp.Format': { state: given(STATES.fault, { errorId: 'InvalidTimeStamp.Format' }), input: {} },
  'InvalidTimeStamp.Expired': { state: given(STATES.fault, { errorId: 'InvalidTimeStamp.Expired' }), input: {} },
  SignatureNonceUsed: { state: given(STATES.fault, { errorId: 'SignatureNonceUsed' }), input: {} },
  Throttling: { state: given(STATES.fault, { errorId: 'Throttling' }), input: {} },
  'Throttling.User': { state: given(STATES.fault, { errorId: 'Throttling.User' }), input: {} },
  'Throttling.Api': { state: given(STATES.fault, { errorId: 'Throttling.Api' }), input: {} },
  ServiceUnavailable: { state: given(STATES.fault, { errorId: 'ServiceUnavailable' }), input: {} },
  InternalError: { state: given(STATES.fault, { errorId: 'InternalError' }), input: {} },
  'InternalError-exception': { state: given(STATES.fault, { errorId: 'InternalError-exception' }), input: {} },
};

/** Where the older edition is reached otherwise: its own rows, and the rows whose trigger differs. */
const reachOlder: Partial<Record<ErrorId, Reach>> = {
  InvalidParameter: { state: given(STATES.healthyDisk), input: { retentionDays: 0 }, parameterName: 'RetentionDays' },
  'QuotaExceed.Tags': {
    state: given(STATES.healthyDisk),
    input: { tags: Array.from({ length: 21 }, (_, i) => ({ key: `k${i + 1}`, value: `v${i + 1}` })) },
  },
  'CreateSnapshot.Failed': { state: given(STATES.newInstanceSystemDisk), input: {} },
  'InvalidAccessKeyId.NotFound': { state: given(STATES.keyMissing, key), input: {} },
  // A correct client cannot make the gateway answer an unknown Action.
  'InvalidApi.NotFound': { state: given(STATES.fault, { errorId: 'InvalidApi.NotFound' }), input: {} },
};

type Success = Omit<Scenario, 'edition'>;
export const successScenario: Success = {
  name: 'a CreateSnapshot request with every optional parameter',
  answer: 'success',
  state: given(STATES.healthyDisk),
  input: {
    snapshotName: 'nightly-backup',
    description: 'Nightly backup of the data disk',
    retentionDays: 30,
    category: 'Standard',
    clientToken: '123e4567-e89b-12d3-a456-426655440000',
    tags: [
      { key: 'team', value: 'storage' },
      { key: 'env', value: 'test' },
    ],
    resourceGroupId: 'rg-contract-0001',
  },
};

/** Today's parameters: a SnapshotName with a period, InstantAccess with its retention, a storage location. */
export const todaySuccessScenario: Success = {
  name: "a CreateSnapshot request with today's parameters (InstantAccess, InstantAccessRetentionDays, StorageLocationArn)",
  answer: 'success',
  state: given(STATES.healthyDisk),
  input: {
    snapshotName: 'nightly.backup',
    instantAccess: true,
    instantAccessRetentionDays: 7,
    storageLocationArn: AUTHORIZED_STORAGE_LOCATION_ARN,
  },
};

/** Terraform's provider sends Category in lower case; the API takes it. */
export const lowerCaseCategoryScenario: Success = {
  name: 'a CreateSnapshot request with Category in lower case, as Terraform sends it',
  answer: 'success',
  state: given(STATES.healthyDisk),
  input: { category: 'standard', instantAccess: false },
};

/**
 * Every scenario of an edition, the successes first, then the catalogue of the edition in its order. `diskId` is
 * filled in unless MissingParameter. The older edition has no scenario of today's parameters (its page does not
 * know them; a SnapshotName with a period is malformed there).
 */
export function scenariosFor(edition: Edition): Scenario[] {
  const today = edition === DEFAULT_EDITION;
  const successes = today
    ? [successScenario, todaySuccessScenario, lowerCaseCategoryScenario]
    : [successScenario, lowerCaseCategoryScenario];
  return [
    ...successes.map((s) => ({ ...s, edition })),
    ...errorCatalogue
      .filter((entry) => inEdition(entry, edition) !== undefined)
      .map((entry): Scenario => {
        const how = (today ? undefined : reachOlder[entry.id]) ?? reach[entry.id];
        if (how === undefined) throw new Error(`scenarios.ts: no way to reach ${entry.id} in edition ${edition}`);
        return {
          name: `a CreateSnapshot request answered ${factsOf(entry, edition).status} ${catalogueEntry(entry.id).code}${entry.id === entry.code ? '' : ` (${entry.id})`}`,
          edition,
          answer: entry.id,
          ...how,
        };
      }),
  ].map((s) => (s.answer === 'MissingParameter' ? s : { ...s, input: { diskId: CONTRACT_DISK, ...s.input } }));
}

/** The scenarios of today's edition, the simulator's default. */
export const scenarios: Scenario[] = scenariosFor(DEFAULT_EDITION);

/** The API parameters a client puts on the wire for `input` (Tag.N.Key/Value from N = 1). */
export function scenarioParameters(input: ScenarioInput): Record<string, string> {
  const p: Record<string, string> = {};
  if (input.diskId !== undefined) p.DiskId = input.diskId;
  if (input.snapshotName !== undefined) p.SnapshotName = input.snapshotName;
  if (input.description !== undefined) p.Description = input.description;
  if (input.retentionDays !== undefined) p.RetentionDays = String(input.retentionDays);
  if (input.category !== undefined) p.Category = input.category;
  if (input.clientToken !== undefined) p.ClientToken = input.clientToken;
  input.tags?.forEach((t, i) => {
    p[`Tag.${i + 1}.Key`] = t.key;
    p[`Tag.${i + 1}.Value`] = t.value;
  });
  if (input.resourceGroupId !== undefined) p.ResourceGroupId = input.resourceGroupId;
  if (input.instantAccess !== undefined) p.InstantAccess = String(input.instantAccess);
  if (input.instantAccessRetentionDays !== undefined)
    p.InstantAccessRetentionDays = String(input.instantAccessRetentionDays);
  if (input.storageLocationArn !== undefined) p.StorageLocationArn = input.storageLocationArn;
  return p;
}
