/**
 * The scenarios every client is held to: a success with every optional parameter, and each documented
 * error of the catalogue, with the provider state that produces it and the call that meets it.
 * Client-neutral: each consumer test turns `input` into its own client's call.
 */
import { catalogueEntry, type ErrorId, errorCatalogue } from '../catalogue.js';
import { DEFAULT_ACCESS_KEY_ID } from '../core/world-document.js';
import { STATES, type StateName, type StateParams } from './provider-states.js';

export interface ScenarioInput {
  diskId?: string;
  snapshotName?: string;
  description?: string;
  retentionDays?: number;
  category?: 'Standard' | 'Flash';
  clientToken?: string;
  tags?: Array<{ key: string; value: string }>;
  resourceGroupId?: string;
}

export interface Scenario {
  /** The interaction's description in the pact. */
  name: string;
  state: { name: StateName; params: StateParams };
  input: ScenarioInput;
  answer: 'success' | ErrorId;
  /** For templated messages: the parameter named. */
  parameterName?: string;
}

export const CONTRACT_DISK = 'd-contract-0001';

const given = (name: StateName, extra: StateParams = {}) => ({ name, params: { diskId: CONTRACT_DISK, ...extra } });
const key = { accessKeyId: DEFAULT_ACCESS_KEY_ID };

/** How each error is reached: a provider state, and what the call sends. */
const reach: Record<ErrorId, Omit<Scenario, 'name' | 'answer'>> = {
  MissingParameter: { state: given(STATES.healthyDisk), input: {}, parameterName: 'DiskId' },
  InvalidParameter: { state: given(STATES.healthyDisk), input: { retentionDays: 0 }, parameterName: 'RetentionDays' },
  'InvalidSnapshotName.Malformed': { state: given(STATES.healthyDisk), input: { snapshotName: 'autoSnapshot' } },
  'InvalidDescription.Malformed': {
    state: given(STATES.healthyDisk),
    input: { description: 'http://example.com/backup' },
  },
  'QuotaExceed.Tags': {
    state: given(STATES.healthyDisk),
    input: { tags: Array.from({ length: 21 }, (_, i) => ({ key: `k${i + 1}`, value: `v${i + 1}` })) },
  },
  'InvalidTagKey.Malformed': {
    state: given(STATES.healthyDisk),
    input: { tags: [{ key: 'aliyun-team', value: 'db' }] },
  },
  'InvalidTagValue.Malformed': {
    state: given(STATES.healthyDisk),
    input: { tags: [{ key: 'team', value: 'acs:db' }] },
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
  'CreateSnapshot.Failed': { state: given(STATES.newInstanceSystemDisk), input: {} },
  'QuotaExceed.Snapshot': { state: given(STATES.quotaFull), input: {} },
  'IncorrectDiskStatus.CreatingSnapshot': { state: given(STATES.snapshotInProgress), input: {} },
  'InvalidAccessKeyId.NotFound': { state: given(STATES.keyMissing, key), input: {} },
  'InvalidAccessKeyId.Inactive': { state: given(STATES.keyInactive, key), input: {} },
  'Forbidden.RAM': { state: given(STATES.keyForbidden, key), input: {} },
  SignatureDoesNotMatch: { state: given(STATES.keyOtherSecret, key), input: {} },
  // A correct client cannot make the gateway produce these, nor the service fail on demand: a fault does.
  UnsupportedHTTPMethod: { state: given(STATES.fault, { errorId: 'UnsupportedHTTPMethod' }), input: {} },
  'InvalidApi.NotFound': { state: given(STATES.fault, { errorId: 'InvalidApi.NotFound' }), input: {} },
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
  // @fixme reached by fault until their provider states exist
  'InvalidAction.NotFound': { state: given(STATES.fault, { errorId: 'InvalidAction.NotFound' }), input: {} },
  InvalidAccessKeyId: { state: given(STATES.fault, { errorId: 'InvalidAccessKeyId' }), input: {} },
  'InvalidAction.Unauthorized': { state: given(STATES.fault, { errorId: 'InvalidAction.Unauthorized' }), input: {} },
  'InvalidRetentionDays.Malformed': {
    state: given(STATES.fault, { errorId: 'InvalidRetentionDays.Malformed' }),
    input: {},
  },
  'InvalidSnapshotCategory.Malformed': {
    state: given(STATES.fault, { errorId: 'InvalidSnapshotCategory.Malformed' }),
    input: {},
  },
  'InvalidCategoryAndInstantAccess.Malformed': {
    state: given(STATES.fault, { errorId: 'InvalidCategoryAndInstantAccess.Malformed' }),
    input: {},
  },
  'InvalidInstantAccessRetentionDays.Malformed': {
    state: given(STATES.fault, { errorId: 'InvalidInstantAccessRetentionDays.Malformed' }),
    input: {},
  },
  'InvalidClientToken.Malformed': {
    state: given(STATES.fault, { errorId: 'InvalidClientToken.Malformed' }),
    input: {},
  },
  'InvalidResourceGroup.NotFound': {
    state: given(STATES.fault, { errorId: 'InvalidResourceGroup.NotFound' }),
    input: {},
  },
  'InvalidAccountStatus.NotEnoughBalance-postpaid': {
    state: given(STATES.fault, { errorId: 'InvalidAccountStatus.NotEnoughBalance-postpaid' }),
    input: {},
  },
  'QuotaExceed.SnapshotQuota': { state: given(STATES.fault, { errorId: 'QuotaExceed.SnapshotQuota' }), input: {} },
  'InvalidParameter.KMSKeyId.NotFound': {
    state: given(STATES.fault, { errorId: 'InvalidParameter.KMSKeyId.NotFound' }),
    input: {},
  },
  'InvalidParameter.KMSKeyId.CMKNotEnabled': {
    state: given(STATES.fault, { errorId: 'InvalidParameter.KMSKeyId.CMKNotEnabled' }),
    input: {},
  },
  'InvalidParameter.KMSKeyId.CMKUnauthorized': {
    state: given(STATES.fault, { errorId: 'InvalidParameter.KMSKeyId.CMKUnauthorized' }),
    input: {},
  },
  'InvalidParameter.UnauthorizedStorageLocationArn': {
    state: given(STATES.fault, { errorId: 'InvalidParameter.UnauthorizedStorageLocationArn' }),
    input: {},
  },
  'InvalidRegion.NotSupportSnapshotInstantAccessRegion': {
    state: given(STATES.fault, { errorId: 'InvalidRegion.NotSupportSnapshotInstantAccessRegion' }),
    input: {},
  },
  CloudBoxNotSupportSnapshotWithInstantAccess: {
    state: given(STATES.fault, { errorId: 'CloudBoxNotSupportSnapshotWithInstantAccess' }),
    input: {},
  },
  'HibernationConfigured.InstanceOperationForbidden': {
    state: given(STATES.fault, { errorId: 'HibernationConfigured.InstanceOperationForbidden' }),
    input: {},
  },
  'InvalidOperation.UnfinishedEncryptedSnapshotCopy': {
    state: given(STATES.fault, { errorId: 'InvalidOperation.UnfinishedEncryptedSnapshotCopy' }),
    input: {},
  },
  'QuotaExceed.ConcurrentSnapshotQuota': {
    state: given(STATES.fault, { errorId: 'QuotaExceed.ConcurrentSnapshotQuota' }),
    input: {},
  },
  DISK_HAS_CREATING_SNAPSHOT: { state: given(STATES.fault, { errorId: 'DISK_HAS_CREATING_SNAPSHOT' }), input: {} },
};

export const successScenario: Scenario = {
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

/** Every scenario, the success first, then the catalogue in its order. `diskId` is filled in unless MissingParameter. */
export const scenarios: Scenario[] = [
  successScenario,
  ...errorCatalogue.map((entry) => {
    const how = reach[entry.id];
    return {
      name: `a CreateSnapshot request answered ${entry.status} ${catalogueEntry(entry.id).code}${entry.id === entry.code ? '' : ` (${entry.id})`}`,
      answer: entry.id,
      ...how,
    };
  }),
].map((s) => (s.answer === 'MissingParameter' ? s : { ...s, input: { diskId: CONTRACT_DISK, ...s.input } }));

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
  return p;
}
