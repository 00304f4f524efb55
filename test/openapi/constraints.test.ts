/**
 * Every documented parameter constraint, held to account: for each, values the page allows are
 * valid against the description and values it forbids are not. Values arrive as strings, as on the wire.
 */
import { describe, expect, it } from 'vitest';
import { schemaValidator } from '../../src/openapi/document.js';

const validator = schemaValidator({ coerce: true });
const base = { DiskId: 'd-bp1s5fnvk4gn2tws0abc' };
const check = (params: Record<string, string>) => validator.check('CreateSnapshotParameters', { ...base, ...params });

interface Row {
  rule: string;
  given: Record<string, string>;
}

const valid: Row[] = [
  { rule: 'DiskId present', given: {} },
  { rule: 'SnapshotName of 2 characters', given: { SnapshotName: 'ab' } },
  { rule: 'SnapshotName of 128 characters', given: { SnapshotName: `a${'b'.repeat(127)}` } },
  { rule: 'SnapshotName beginning with a Chinese character', given: { SnapshotName: '快照1' } },
  { rule: 'SnapshotName with digits, colon, underscore, hyphen', given: { SnapshotName: 'Name:1_2-3' } },
  { rule: "SnapshotName containing 'auto' later", given: { SnapshotName: 'myauto' } },
  { rule: "SnapshotName beginning with 'Auto' (case-sensitive assumption)", given: { SnapshotName: 'Autumn' } },
  { rule: 'Description of 2 characters', given: { Description: 'ab' } },
  { rule: 'Description of 256 characters', given: { Description: 'd'.repeat(256) } },
  { rule: 'Description in Chinese', given: { Description: '测试描述' } },
  { rule: 'Description mentioning http:// later', given: { Description: 'see http://example.com' } },
  { rule: 'RetentionDays 1', given: { RetentionDays: '1' } },
  { rule: 'RetentionDays 65536', given: { RetentionDays: '65536' } },
  { rule: 'Category Standard', given: { Category: 'Standard' } },
  { rule: 'Category Flash', given: { Category: 'Flash' } },
  { rule: 'Category in lower case (Terraform)', given: { Category: 'standard' } },
  { rule: 'Category in another case', given: { Category: 'FLASH' } },
  { rule: 'ClientToken UUID', given: { ClientToken: '123e4567-e89b-12d3-a456-426655440000' } },
  { rule: 'ClientToken of 64 characters', given: { ClientToken: 't'.repeat(64) } },
  { rule: 'Tag.1.Key and Tag.1.Value', given: { 'Tag.1.Key': 'TestKey', 'Tag.1.Value': 'TestValue' } },
  { rule: 'Tag.20.Key (N = 20)', given: { 'Tag.20.Key': 'k' } },
  { rule: 'Tag key of 128 characters', given: { 'Tag.1.Key': 'k'.repeat(128) } },
  { rule: 'Tag value empty', given: { 'Tag.1.Key': 'k', 'Tag.1.Value': '' } },
  { rule: 'Tag value of 128 characters', given: { 'Tag.1.Key': 'k', 'Tag.1.Value': 'v'.repeat(128) } },
  { rule: 'deprecated lower-case Tag.1.key / Tag.1.value', given: { 'Tag.1.key': 'k', 'Tag.1.value': 'v' } },
  { rule: 'ResourceGroupId', given: { ResourceGroupId: 'rg-bp67acfmxazb4p1234' } },
  { rule: 'SnapshotName with a period (today)', given: { SnapshotName: 'nightly.backup-1' } },
  { rule: 'SnapshotName of Unicode letters (today)', given: { SnapshotName: 'Sauvegarde-été' } },
  { rule: "Tag value beginning with 'acs:' (today)", given: { 'Tag.1.Key': 'k', 'Tag.1.Value': 'acs:v' } },
  { rule: 'InstantAccess true', given: { InstantAccess: 'true' } },
  { rule: 'InstantAccessRetentionDays 65535', given: { InstantAccessRetentionDays: '65535' } },
  { rule: 'StorageLocationArn', given: { StorageLocationArn: 'acs:ecs:cn-hangzhou:1:storagelocation/sl-1' } },
  { rule: 'SignatureType empty (V1 SDK cores)', given: { SignatureType: '' } },
  { rule: 'SignatureType BEARERTOKEN', given: { SignatureType: 'BEARERTOKEN', SecurityToken: 'token' } },
  { rule: 'owner parameters', given: { OwnerId: '123', ResourceOwnerAccount: 'owner' } },
  { rule: 'Format JSON', given: { Format: 'JSON' } },
  { rule: 'Format json', given: { Format: 'json' } },
  { rule: 'Format Xml', given: { Format: 'Xml' } },
  {
    rule: 'V1 common parameters',
    given: {
      Action: 'CreateSnapshot',
      Version: '2014-05-26',
      AccessKeyId: 'id',
      Signature: 'sig',
      SignatureMethod: 'HMAC-SHA1',
      SignatureVersion: '1.0',
      SignatureNonce: 'n',
      Timestamp: '2026-11-29T06:17:30Z',
    },
  },
  { rule: 'Timestamp with milliseconds (assumption)', given: { Timestamp: '2026-11-29T06:17:30.123Z' } },
  { rule: 'SignatureMethod HMAC-SHA256', given: { SignatureMethod: 'HMAC-SHA256' } },
];

const invalid: Row[] = [
  { rule: 'DiskId empty', given: { DiskId: '' } },
  { rule: 'SnapshotName of 1 character', given: { SnapshotName: 'a' } },
  { rule: 'SnapshotName of 129 characters', given: { SnapshotName: `a${'b'.repeat(128)}` } },
  { rule: 'SnapshotName beginning with a digit', given: { SnapshotName: '1abc' } },
  { rule: 'SnapshotName beginning with an underscore', given: { SnapshotName: '_abc' } },
  { rule: "SnapshotName beginning with 'auto'", given: { SnapshotName: 'autoSnapshot' } },
  { rule: 'SnapshotName beginning with http://', given: { SnapshotName: 'http://x' } },
  { rule: 'SnapshotName beginning with https://', given: { SnapshotName: 'https://x' } },
  { rule: 'SnapshotName with a space', given: { SnapshotName: 'my name' } },
  { rule: 'Description of 1 character', given: { Description: 'd' } },
  { rule: 'Description of 257 characters', given: { Description: 'd'.repeat(257) } },
  { rule: 'Description beginning with http://', given: { Description: 'http://example.com' } },
  { rule: 'Description beginning with https://', given: { Description: 'https://example.com' } },
  { rule: 'RetentionDays 0', given: { RetentionDays: '0' } },
  { rule: 'RetentionDays 65537', given: { RetentionDays: '65537' } },
  { rule: 'RetentionDays not an integer', given: { RetentionDays: '1.5' } },
  { rule: 'RetentionDays not a number', given: { RetentionDays: 'ten' } },
  { rule: 'Category unknown', given: { Category: 'Archive' } },
  { rule: 'ClientToken of 65 characters', given: { ClientToken: 't'.repeat(65) } },
  { rule: 'ClientToken with non-ASCII characters', given: { ClientToken: '令牌' } },
  { rule: 'Tag key empty', given: { 'Tag.1.Key': '' } },
  { rule: 'Tag key of 129 characters', given: { 'Tag.1.Key': 'k'.repeat(129) } },
  { rule: "Tag key beginning with 'aliyun'", given: { 'Tag.1.Key': 'aliyunKey' } },
  { rule: "Tag key beginning with 'acs:'", given: { 'Tag.1.Key': 'acs:key' } },
  { rule: 'Tag key containing http://', given: { 'Tag.1.Key': 'a http://b' } },
  { rule: 'Tag key containing https://', given: { 'Tag.1.Key': 'ahttps://b' } },
  { rule: 'Tag value of 129 characters', given: { 'Tag.1.Key': 'k', 'Tag.1.Value': 'v'.repeat(129) } },
  { rule: 'Tag value containing https://', given: { 'Tag.1.Key': 'k', 'Tag.1.Value': 'see https://x' } },
  { rule: 'lower-case tag key beginning with aliyun', given: { 'Tag.1.key': 'aliyun' } },
  { rule: 'Tag N = 21', given: { 'Tag.21.Key': 'k' } },
  { rule: 'Tag N = 0', given: { 'Tag.0.Key': 'k' } },
  { rule: 'Format YAML', given: { Format: 'YAML' } },
  { rule: 'Action other than CreateSnapshot', given: { Action: 'DeleteSnapshot' } },
  { rule: 'Version other than 2014-05-26', given: { Version: '2016-11-11' } },
  { rule: 'SignatureMethod MD5', given: { SignatureMethod: 'MD5' } },
  { rule: 'SignatureVersion 2.0', given: { SignatureVersion: '2.0' } },
  { rule: 'Timestamp with a space', given: { Timestamp: '2026-11-29 06:17:30' } },
  { rule: 'Timestamp without Z', given: { Timestamp: '2026-11-29T06:17:30' } },
  { rule: 'an undocumented parameter', given: { Foo: 'bar' } },
  { rule: 'Category Archive', given: { Category: 'Archive' } },
  { rule: 'InstantAccessRetentionDays 65536', given: { InstantAccessRetentionDays: '65536' } },
  { rule: 'InstantAccessRetentionDays 0', given: { InstantAccessRetentionDays: '0' } },
  { rule: 'InstantAccess yes', given: { InstantAccess: 'yes' } },
  { rule: 'SignatureType HMAC', given: { SignatureType: 'HMAC' } },
  { rule: 'SnapshotName with a slash', given: { SnapshotName: 'my/name' } },
];

describe('CreateSnapshotParameters schema', () => {
  it.each(valid)('accepts $rule', ({ given }) => {
    expect(check(given)).toEqual([]);
  });
  it.each(invalid)('refuses $rule', ({ given }) => {
    expect(check(given)).not.toEqual([]);
  });
  it('requires nothing but DiskId to be valid (a body alone may carry it)', () => {
    expect(validator.check('CreateSnapshotParameters', {})).toEqual([]);
  });
});

describe('response schemas', () => {
  it('accepts the success body and refuses one without SnapshotId', () => {
    expect(validator.check('CreateSnapshotResponse', { RequestId: 'R', SnapshotId: 's-1' })).toEqual([]);
    expect(validator.check('CreateSnapshotResponse', { RequestId: 'R' })).not.toEqual([]);
  });
  it('requires every field of the error envelope', () => {
    const full = {
      RequestId: 'R',
      HostId: 'ecs.aliyuncs.com',
      Code: 'C',
      Message: 'M',
      Recommend: 'https://api.aliyun.com/troubleshoot?q=C',
    };
    expect(validator.check('ErrorResponse', full)).toEqual([]);
    for (const field of Object.keys(full)) {
      const { [field as keyof typeof full]: _, ...rest } = full;
      expect(validator.check('ErrorResponse', rest), field).not.toEqual([]);
    }
  });
});
