/**
 * The suite derived from the OpenAPI description, for any provider: each parameter rule at its
 * boundaries and just past them, missing and malformed common parameters, bad, replayed and expired
 * signatures, both formats. Limits come from parameterRules (generated from the description). Cases
 * expect today's edition of the page and say what the older one answers where it differs: a provider
 * answering either conforms (verify warns which edition it matched).
 * Cases that need a disk in a known state say so; they run only with a state-change URL.
 */
import { type Edition, type ErrorId, parameterRules } from '../catalogue.js';
import { STATES, type StateName } from '../contracts/provider-states.js';
import { V1_REQUIRED } from '../protocol/api-request.js';
import type { Expectation } from './judge.js';

export type Signing = 'V1 GET' | 'V1 POST' | 'V3';

export interface RequestPlan {
  params: Record<string, string>;
  signing: Signing;
  format: 'JSON' | 'XML';
  /** Changes the signed request before it is sent. */
  tamper?:
    | 'drop-param'
    | 'set-param'
    | 'wrong-secret'
    | 'unknown-key'
    | 'method-put'
    | 'expired'
    | 'v3-incomplete'
    | 'v3-body';
  name?: string;
  value?: string;
}

export interface ConformanceCase {
  name: string;
  state?: { name: StateName; params: Record<string, string> };
  request: RequestPlan;
  /** Send the same signed request twice; the second answer is judged. */
  replay?: boolean;
  expect: Expectation;
}

export const SUITE_DISK = 'd-conformance-0001';
const healthy = { name: STATES.healthyDisk, params: { diskId: SUITE_DISK } };
const repeat = (c: string, n: number) => c.repeat(n);
const tags = (n: number) =>
  Object.fromEntries(
    Array.from({ length: n }, (_, i) => [
      [`Tag.${i + 1}.Key`, `k${i + 1}`],
      [`Tag.${i + 1}.Value`, 'v'],
    ]).flat(),
  );

type OtherAnswer = { answer: 'success' | ErrorId; parameterName?: string };
const OLDER: Edition = 'older-zh-CN';
/** What the older edition answers instead. */
const older = (answer: 'success' | ErrorId, parameterName?: string) => ({
  [OLDER]: { answer, ...(parameterName ? { parameterName } : {}) } as OtherAnswer,
});

const ok = (
  name: string,
  extra: Record<string, string>,
  otherEditions?: Partial<Record<Edition, OtherAnswer>>,
): ConformanceCase => ({
  name,
  state: healthy,
  request: { params: { DiskId: SUITE_DISK, ...extra }, signing: 'V1 GET', format: 'JSON' },
  expect: { answer: 'success', format: 'JSON', ...(otherEditions ? { otherEditions } : {}) },
});
const bad = (
  name: string,
  extra: Record<string, string>,
  answer: ErrorId,
  parameterName?: string,
  otherEditions?: Partial<Record<Edition, OtherAnswer>>,
): ConformanceCase => ({
  name,
  request: { params: { DiskId: SUITE_DISK, ...extra }, signing: 'V1 GET', format: 'JSON' },
  expect: {
    answer,
    format: 'JSON',
    ...(parameterName ? { parameterName } : {}),
    ...(otherEditions ? { otherEditions } : {}),
  },
});
/** A bad request to a healthy disk: for the checks that come after the disk's existence. */
const badOnHealthy = (...args: Parameters<typeof bad>): ConformanceCase => ({ ...bad(...args), state: healthy });

function parameterCases(): ConformanceCase[] {
  const name = parameterRules.SnapshotName;
  const description = parameterRules.Description;
  const days = parameterRules.RetentionDays;
  const token = parameterRules.ClientToken;
  const key = parameterRules.TagKey;
  const value = parameterRules.TagValue;
  const instant = parameterRules.InstantAccessRetentionDays;
  return [
    bad(
      `SnapshotName of ${name.minLength - 1} character`,
      { SnapshotName: repeat('a', name.minLength - 1) },
      'InvalidSnapshotName.Malformed',
    ),
    ok(`SnapshotName of ${name.minLength} characters`, { SnapshotName: repeat('a', name.minLength) }),
    ok(`SnapshotName of ${name.maxLength} characters`, { SnapshotName: repeat('a', name.maxLength) }),
    bad(
      `SnapshotName of ${name.maxLength + 1} characters`,
      { SnapshotName: repeat('a', name.maxLength + 1) },
      'InvalidSnapshotName.Malformed',
    ),
    bad("SnapshotName beginning with 'auto'", { SnapshotName: 'autoBackup' }, 'InvalidSnapshotName.Malformed'),
    bad('SnapshotName beginning with a digit', { SnapshotName: '1backup' }, 'InvalidSnapshotName.Malformed'),
    bad('SnapshotName beginning with http://', { SnapshotName: 'http://x' }, 'InvalidSnapshotName.Malformed'),
    ok('SnapshotName in Chinese with digits, colon, underscore, hyphen', { SnapshotName: '快照:1_2-3' }),
    ok('SnapshotName with a period', { SnapshotName: 'nightly.backup' }, older('InvalidSnapshotName.Malformed')),
    ok('SnapshotName of Unicode letters', { SnapshotName: 'Sauvegarde-été' }, older('InvalidSnapshotName.Malformed')),
    bad(`Description of ${description.minLength - 1} character`, { Description: 'd' }, 'InvalidDescription.Malformed'),
    ok(`Description of ${description.minLength} characters`, { Description: repeat('d', description.minLength) }),
    ok(`Description of ${description.maxLength} characters`, { Description: repeat('d', description.maxLength) }),
    bad(
      `Description of ${description.maxLength + 1} characters`,
      { Description: repeat('d', description.maxLength + 1) },
      'InvalidDescription.Malformed',
    ),
    bad('Description beginning with https://', { Description: 'https://example.com' }, 'InvalidDescription.Malformed'),
    bad(
      `RetentionDays ${days.minimum - 1}`,
      { RetentionDays: String(days.minimum - 1) },
      'InvalidRetentionDays.Malformed',
      undefined,
      older('InvalidParameter', 'RetentionDays'),
    ),
    ok(`RetentionDays ${days.minimum}`, { RetentionDays: String(days.minimum) }),
    ok(`RetentionDays ${days.maximum}`, { RetentionDays: String(days.maximum) }),
    bad(
      `RetentionDays ${days.maximum + 1}`,
      { RetentionDays: String(days.maximum + 1) },
      'InvalidRetentionDays.Malformed',
      undefined,
      older('InvalidParameter', 'RetentionDays'),
    ),
    ok('Category Flash', { Category: 'Flash' }),
    ok('Category in lower case, as Terraform sends it', { Category: 'standard' }),
    bad(
      'Category outside Standard/Flash',
      { Category: 'Archive' },
      'InvalidSnapshotCategory.Malformed',
      undefined,
      older('InvalidParameter', 'Category'),
    ),
    ok('InstantAccess=True, as the Python SDKs send it', { InstantAccess: 'True' }),
    badOnHealthy(
      'InstantAccess neither true nor false',
      { InstantAccess: 'yes' },
      'InvalidParameter',
      'InstantAccess',
      older('success'),
    ),
    badOnHealthy(
      'Category with InstantAccess=true',
      { Category: 'Standard', InstantAccess: 'true' },
      'InvalidCategoryAndInstantAccess.Malformed',
      undefined,
      older('success'),
    ),
    ok(`InstantAccessRetentionDays ${instant.minimum}`, {
      InstantAccess: 'true',
      InstantAccessRetentionDays: String(instant.minimum),
    }),
    ok(`InstantAccessRetentionDays ${instant.maximum}`, {
      InstantAccess: 'true',
      InstantAccessRetentionDays: String(instant.maximum),
    }),
    badOnHealthy(
      `InstantAccessRetentionDays ${instant.maximum + 1}`,
      { InstantAccess: 'true', InstantAccessRetentionDays: String(instant.maximum + 1) },
      'InvalidInstantAccessRetentionDays.Malformed',
      undefined,
      older('success'),
    ),
    badOnHealthy(
      `InstantAccessRetentionDays ${instant.minimum - 1}`,
      { InstantAccess: 'true', InstantAccessRetentionDays: String(instant.minimum - 1) },
      'InvalidInstantAccessRetentionDays.Malformed',
      undefined,
      older('success'),
    ),
    badOnHealthy(
      'InstantAccessRetentionDays without InstantAccess=true',
      { InstantAccessRetentionDays: '7' },
      'InvalidInstantAccessRetentionDays.Malformed',
      undefined,
      older('success'),
    ),
    badOnHealthy(
      'a ResourceGroupId that does not exist',
      { ResourceGroupId: 'rg-conformance-does-not-exist' },
      'InvalidResourceGroup.NotFound',
      undefined,
      older('success'),
    ),
    badOnHealthy(
      'a StorageLocationArn the caller may not use',
      { StorageLocationArn: 'acs:ecs:cn-hangzhou:1:storagelocation/sl-conformance-not-yours' },
      'InvalidParameter.UnauthorizedStorageLocationArn',
      undefined,
      older('success'),
    ),
    ok(`ClientToken of ${token.maxLength} characters`, { ClientToken: repeat('t', token.maxLength) }),
    bad(
      `ClientToken of ${token.maxLength + 1} characters`,
      { ClientToken: repeat('t', token.maxLength + 1) },
      'InvalidClientToken.Malformed',
      undefined,
      older('InvalidParameter', 'ClientToken'),
    ),
    bad(
      'ClientToken with non-ASCII characters',
      { ClientToken: '令牌' },
      'InvalidClientToken.Malformed',
      undefined,
      older('InvalidParameter', 'ClientToken'),
    ),
    ok('20 tags', tags(20)),
    bad('21 tags', tags(21), 'InvalidTagKey.Malformed', undefined, older('QuotaExceed.Tags')),
    bad('an empty tag key', { 'Tag.1.Key': '' }, 'InvalidTagKey.Malformed'),
    ok(`a tag key of ${key.maxLength} characters`, { 'Tag.1.Key': repeat('k', key.maxLength) }),
    bad(
      `a tag key of ${key.maxLength + 1} characters`,
      { 'Tag.1.Key': repeat('k', key.maxLength + 1) },
      'InvalidTagKey.Malformed',
    ),
    bad("a tag key beginning with 'aliyun'", { 'Tag.1.Key': 'aliyunTeam' }, 'InvalidTagKey.Malformed'),
    bad("a tag key beginning with 'acs:'", { 'Tag.1.Key': 'acs:team' }, 'InvalidTagKey.Malformed'),
    bad('a tag key containing http://', { 'Tag.1.Key': 'see http://x' }, 'InvalidTagKey.Malformed'),
    ok(`a tag value of ${value.maxLength} characters`, {
      'Tag.1.Key': 'k',
      'Tag.1.Value': repeat('v', value.maxLength),
    }),
    bad(
      `a tag value of ${value.maxLength + 1} characters`,
      { 'Tag.1.Key': 'k', 'Tag.1.Value': repeat('v', value.maxLength + 1) },
      'InvalidTagValue.Malformed',
    ),
    ok(
      "a tag value beginning with 'acs:'",
      { 'Tag.1.Key': 'k', 'Tag.1.Value': 'acs:v' },
      older('InvalidTagValue.Malformed'),
    ),
    bad(
      'a tag value containing https://',
      { 'Tag.1.Key': 'k', 'Tag.1.Value': 'see https://x' },
      'InvalidTagValue.Malformed',
    ),
    bad('duplicate tag keys', { 'Tag.1.Key': 'k', 'Tag.2.Key': 'k' }, 'Duplicate.TagKey'),
    ok('deprecated lower-case Tag.1.key and Tag.1.value', { 'Tag.1.key': 'k', 'Tag.1.value': 'v' }),
    {
      ...bad('DiskId missing', {}, 'MissingParameter', 'DiskId'),
      request: { params: {}, signing: 'V1 GET', format: 'JSON' },
    },
  ];
}

function tampered(
  name: string,
  request: Partial<RequestPlan>,
  answer: ErrorId,
  parameterName?: string,
): ConformanceCase {
  return {
    name,
    request: { params: { DiskId: SUITE_DISK }, signing: 'V1 GET', format: 'JSON', ...request },
    expect: { answer, format: 'JSON', ...(parameterName ? { parameterName } : {}) },
  };
}

function commonParameterCases(): ConformanceCase[] {
  const missing = ['Action', 'Version', ...V1_REQUIRED];
  return [
    ...missing.map((p) => tampered(`${p} missing`, { tamper: 'drop-param', name: p }, 'MissingParameter', p)),
    {
      ...tampered(
        'an unknown Action',
        { tamper: 'set-param', name: 'Action', value: 'CreateSnapshots' },
        'InvalidAction.NotFound',
      ),
      expect: { answer: 'InvalidAction.NotFound', format: 'JSON', otherEditions: older('InvalidApi.NotFound') },
    },
    {
      ...tampered(
        'an unknown Version',
        { tamper: 'set-param', name: 'Version', value: '2016-11-11' },
        'InvalidAction.NotFound',
      ),
      expect: { answer: 'InvalidAction.NotFound', format: 'JSON', otherEditions: older('InvalidApi.NotFound') },
    },
    // Sent empty by the V1 SDK cores of Python and Go, signed like any common parameter.
    {
      name: 'SignatureType empty, as the Python and Go V1 SDK cores send it',
      state: healthy,
      request: { params: { DiskId: SUITE_DISK, SignatureType: '' }, signing: 'V1 GET', format: 'JSON' },
      expect: { answer: 'success', format: 'JSON' },
    },
    {
      name: 'RegionId of the default region',
      state: healthy,
      request: { params: { DiskId: SUITE_DISK, RegionId: 'cn-hangzhou' }, signing: 'V1 GET', format: 'JSON' },
      expect: { answer: 'success', format: 'JSON' },
    },
    // Format is unusable, so the answer comes in the default format, XML (x-assumptions.defaultFormat).
    {
      ...tampered(
        'a Format other than JSON or XML',
        { tamper: 'set-param', name: 'Format', value: 'YAML' },
        'InvalidParameter',
        'Format',
      ),
      expect: { answer: 'InvalidParameter', format: 'XML', parameterName: 'Format' },
    },
    tampered(
      'SignatureMethod MD5',
      { tamper: 'set-param', name: 'SignatureMethod', value: 'MD5' },
      'InvalidSignatureMethod',
    ),
    tampered(
      'a malformed Timestamp',
      { tamper: 'set-param', name: 'Timestamp', value: '2026/11/29 06:00' },
      'InvalidTimeStamp.Format',
    ),
    tampered('the PUT method', { tamper: 'method-put' }, 'UnsupportedHTTPMethod'),
  ];
}

function signatureCases(): ConformanceCase[] {
  return [
    tampered('a wrong V1 signature', { tamper: 'wrong-secret' }, 'SignatureDoesNotMatch'),
    tampered(
      'a wrong V1 signature in a POST form',
      { tamper: 'wrong-secret', signing: 'V1 POST' },
      'SignatureDoesNotMatch',
    ),
    tampered('a wrong V3 signature', { tamper: 'wrong-secret', signing: 'V3' }, 'SignatureDoesNotMatch'),
    tampered(
      'a V3 body that does not match x-acs-content-sha256',
      { tamper: 'v3-body', signing: 'V3' },
      'SignatureDoesNotMatch',
    ),
    tampered('an incomplete V3 Authorization', { tamper: 'v3-incomplete', signing: 'V3' }, 'IncompleteSignature'),
    {
      ...tampered('an unknown AccessKeyId', { tamper: 'unknown-key' }, 'InvalidAccessKeyId'),
      expect: { answer: 'InvalidAccessKeyId', format: 'JSON', otherEditions: older('InvalidAccessKeyId.NotFound') },
    },
    tampered('a V1 Timestamp 16 minutes old', { tamper: 'expired' }, 'InvalidTimeStamp.Expired'),
    tampered('a V3 x-acs-date 16 minutes ahead', { tamper: 'expired', signing: 'V3' }, 'InvalidTimeStamp.Expired'),
    { ...tampered('a replayed V1 nonce', {}, 'SignatureNonceUsed'), replay: true },
    { ...tampered('a replayed V3 nonce', { signing: 'V3' }, 'SignatureNonceUsed'), replay: true },
  ];
}

function formatCases(): ConformanceCase[] {
  const success = (name: string, signing: Signing, format: 'JSON' | 'XML'): ConformanceCase => ({
    name,
    state: healthy,
    request: { params: { DiskId: SUITE_DISK }, signing, format },
    expect: { answer: 'success', format },
  });
  const error = (name: string, signing: Signing, format: 'JSON' | 'XML'): ConformanceCase => ({
    name,
    request: { params: { DiskId: SUITE_DISK, SnapshotName: 'a' }, signing, format },
    expect: { answer: 'InvalidSnapshotName.Malformed', format },
  });
  return [
    success('a success in JSON (V1 GET)', 'V1 GET', 'JSON'),
    success('a success in XML (V1 POST form)', 'V1 POST', 'XML'),
    success('a success in JSON (V3)', 'V3', 'JSON'),
    error('an error in JSON (V3)', 'V3', 'JSON'),
    error('an error in XML (V1 GET, Format=XML)', 'V1 GET', 'XML'),
    error('an error in XML (V3, Accept: text/xml)', 'V3', 'XML'),
  ];
}

export function openapiSuite(): ConformanceCase[] {
  const group = (prefix: string, cases: ConformanceCase[]) =>
    cases.map((c) => ({ ...c, name: `${prefix}: ${c.name}` }));
  return [
    ...group('parameters', parameterCases()),
    ...group('common parameters', commonParameterCases()),
    ...group('signatures', signatureCases()),
    ...group('formats', formatCases()),
  ];
}
