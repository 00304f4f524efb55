/**
 * Generators of correctly signed plans: API parameters drawn around the parameter rules of the catalogue
 * (and ones that pass them all), and the signing, keys, skews, tampering and wire styles around them.
 */
import fc from 'fast-check';
import {
  AUTHORIZED_STORAGE_LOCATION_ARN,
  defaultFixtures,
  PROCESSING_CLIENT_TOKEN,
  USED_CLIENT_TOKEN,
} from '../../../src/core/default-world.js';
import {
  acceptValue,
  anyText,
  COMMON,
  FIXTURE_DISK_IDS,
  junkHeaders,
  OTHER_API_NAMES,
  PROTOTYPE_NAMES,
  path,
  pick,
  repeat,
  weighted,
} from './generators-common.js';
import type { SignedPlan, WireStyle } from './plans.js';

const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const chinese = '快照数据盘备份测试中文字符';
const nameTail = `${letters}0123456789:_-${chinese}`;
/** A string of exactly `length` characters from `first` then `rest`. */
const shaped = (first: string, rest: string, lengths: number[]) =>
  fc.tuple(pick(lengths), fc.array(fc.nat(), { minLength: 1, maxLength: 4 })).map(([length, seeds]) => {
    let s = '';
    for (let i = 0; i < length; i++) {
      const pool = i === 0 ? first : rest;
      const seed = (seeds[i % seeds.length] as number) + i * 7919;
      s += pool[seed % pool.length];
    }
    return s;
  });

const snapshotName = weighted<string>(
  [6, shaped(letters + chinese, nameTail, [2, 3, 10, 127, 128])],
  [3, shaped(letters + chinese, nameTail, [1, 129, 200])],
  [3, pick(['', 'a', 'ab', 'auto', 'autoSnap', 'auto-1', 'Auto-ok', 'aUTO', '1abc', '_ab', ':ab', 'http://x'])],
  [2, pick(['https://snap', 'ab cd', 'a.b', 'a/b', '快照', '快', 'a😀', 'é-accent', 'ab\u0000', '龥a', '\u4dffab'])],
  [2, anyText(40)],
);

const description = weighted<string>(
  [4, fc.constantFrom(0, 1, 2, 3, 255, 256, 257).map((n) => repeat('d', n))],
  [2, fc.constantFrom(1, 2, 128, 256, 257).map((n) => repeat('😀', n * 2))],
  [2, fc.constantFrom(2, 256, 257).map((n) => repeat('描述', n))],
  [3, pick(['http://x', 'https://x', 'HTTP://x', 'xhttp://', ' http://x', 'ok description', 'h'])],
  [2, anyText(60)],
);

const retentionDays = weighted<string>(
  [6, pick(['1', '2', '30', '365', '65535', '65536', '065536', '000001'])],
  [6, pick(['0', '65537', '99999', '999999', '-1', '+1', '1.0', '1e3', ' 1', '1 ', '0x10', '１', 'abc', ''])],
  [1, pick(['0000001', '0065536'])],
  [1, fc.integer({ min: -100, max: 200_000 }).map(String)],
  [1, anyText(8)],
);

const category = pick(['Standard', 'Flash', 'standard', 'FLASH', 'Premium', ' Standard', '', 'Flash\u0000']);

/** Today's parameters: InstantAccess in any case (the Python SDKs send True), its days, a storage location. */
const instantAccess = pick(['true', 'True', 'TRUE', 'false', 'False', 'yes', '1', '']);
const instantAccessRetentionDays = pick(['1', '7', '65535', '65536', '0', '-1', '1.5', 'x', '']);
const storageLocationArn = pick([
  AUTHORIZED_STORAGE_LOCATION_ARN,
  'acs:ecs:cn-hangzhou:1234567890123456:storagelocation/sl-not-yours',
  'not an arn',
  '',
]);

export const CLIENT_TOKENS = ['ct-fuzz-a', 'ct-fuzz-b', 'ct-fuzz-c', 'ct-fuzz-d', 'ct fuzz e', '~!@#$%^&*()'];
const clientToken = weighted<string>(
  [8, pick(CLIENT_TOKENS)],
  [2, pick([PROCESSING_CLIENT_TOKEN, USED_CLIENT_TOKEN, ''])],
  [2, fc.constantFrom(63, 64, 65, 100).map((n) => repeat('t', n))],
  [1, pick(['ct-é', 'ct\tx', 'ct\u007f', 'ct-😀', 'ct\u0000'])],
);

const tagIndex = weighted<string>(
  [1, pick(['0', '01', '001', '21', '22', '-1', '', 'x', ' 1', '1e1', '٣', '99999999999999999999', '4294967297'])],
  [1, pick(PROTOTYPE_NAMES)],
);

const tagKey = (i: number) =>
  weighted<string>(
    [10, fc.constant(`k${i}`)],
    [1, fc.constant('dup')],
    [2, pick(['', 'aliyun', 'aliyunx', 'Aliyun', 'acs:x', 'ACS:x', 'xhttp://y', 'https://', 'ok key', 'é', '快'])],
    [2, fc.constantFrom(127, 128, 129).map((n) => repeat('k', n))],
    [1, anyText(12)],
  );
const tagValue = weighted<string>(
  [10, fc.constant('v')],
  [2, pick(['', 'acs:x', 'xacs:', 'http://x', 'a https://b', 'aliyun', 'é'])],
  [2, fc.constantFrom(128, 129).map((n) => repeat('v', n))],
  [1, anyText(12)],
);

interface TagSpec {
  /** 'seq': Tag.1..Tag.n; otherwise some indices replaced by odd ones. */
  count: number;
  odd: Array<[number, string]>;
  keys: string[];
  values: string[];
  keyCase: Array<'Key' | 'key' | 'none' | 'both'>;
  valueCase: Array<'Value' | 'value' | 'none'>;
}

const tags: fc.Arbitrary<Array<[string, string]>> = weighted<number>(
  [3, fc.constant(0)],
  [5, fc.integer({ min: 1, max: 5 })],
  [3, pick([19, 20, 21, 22])],
)
  .chain((count) =>
    fc.record<TagSpec>({
      count: fc.constant(count),
      odd: weighted([6, fc.constant([])], [1, fc.array(fc.tuple(fc.nat({ max: 21 }), tagIndex), { maxLength: 2 })]),
      keys: fc.tuple(...Array.from({ length: count }, (_, i) => tagKey(i + 1))),
      values: fc.tuple(...Array.from({ length: count }, () => tagValue)),
      keyCase: fc.array(
        weighted<'Key' | 'key' | 'none' | 'both'>(
          [20, fc.constant('Key')],
          [1, fc.constant('key')],
          [1, fc.constant('none')],
          [1, fc.constant('both')],
        ),
        { minLength: count, maxLength: count },
      ),
      valueCase: fc.array(
        weighted<'Value' | 'value' | 'none'>(
          [12, fc.constant('Value')],
          [1, fc.constant('value')],
          [2, fc.constant('none')],
        ),
        { minLength: count, maxLength: count },
      ),
    }),
  )
  .map((spec) => {
    const indices = Array.from({ length: spec.count }, (_, i) => String(i + 1));
    for (const [at, index] of spec.odd) if (at < indices.length) indices[at] = index;
    const pairs: Array<[string, string]> = [];
    indices.forEach((n, i) => {
      const key = spec.keys[i] as string;
      const keyCase = spec.keyCase[i] as TagSpec['keyCase'][number];
      if (keyCase === 'Key' || keyCase === 'both') pairs.push([`Tag.${n}.Key`, key]);
      if (keyCase === 'key' || keyCase === 'both')
        pairs.push([`Tag.${n}.key`, keyCase === 'both' ? `${key}-lower` : key]);
      const valueCase = spec.valueCase[i] as TagSpec['valueCase'][number];
      if (valueCase !== 'none') pairs.push([`Tag.${n}.${valueCase}`, spec.values[i] as string]);
    });
    return pairs;
  });

const junkParamName = weighted<string>(
  [3, pick(OTHER_API_NAMES)],
  [2, pick(PROTOTYPE_NAMES)],
  [
    2,
    pick(['', 'Foo', 'diskid', 'DISKID', 'Diskid ', 'Tag', 'Tag.1', 'Tags.1.Key', 'Tag.1.Key.x', '🙂', 'a=b', 'a&b']),
  ],
  [1, anyText(10)],
);

const isCommonOrTag = (name: string) => COMMON.includes(name) || name.startsWith('Tag.');

/** API parameters drawn around the rules of the catalogue; unique names, never a common parameter. */
export const apiParams: fc.Arbitrary<Array<[string, string]>> = fc
  .record({
    diskId: weighted<string | undefined>(
      [16, pick(FIXTURE_DISK_IDS)],
      [1, fc.constant(undefined)],
      [1, pick(['', 'd-', 'D-HEALTHY', 'd-healthy ', ' d-healthy', 'd-healthy\u0000', 'i-running', 's-used-token'])],
      [1, anyText(16)],
    ),
    snapshotName: fc.option(snapshotName, { nil: undefined, freq: 2 }),
    description: fc.option(description, { nil: undefined, freq: 3 }),
    retentionDays: fc.option(retentionDays, { nil: undefined, freq: 3 }),
    category: fc.option(category, { nil: undefined, freq: 4 }),
    clientToken: fc.option(clientToken, { nil: undefined, freq: 2 }),
    resourceGroupId: fc.option(pick(['rg-1', 'rg-acfm', '']), { nil: undefined, freq: 6 }),
    instantAccess: fc.option(instantAccess, { nil: undefined, freq: 5 }),
    instantAccessRetentionDays: fc.option(instantAccessRetentionDays, { nil: undefined, freq: 8 }),
    storageLocationArn: fc.option(storageLocationArn, { nil: undefined, freq: 8 }),
    tags,
    junk: weighted<Array<[string, string]>>(
      [4, fc.constant([])],
      [1, fc.array(fc.tuple(junkParamName, anyText(12)), { maxLength: 4 })],
    ),
  })
  .map((r) => {
    const pairs: Array<[string, string]> = [];
    const add = (name: string, value: string | undefined) => {
      if (value !== undefined && !pairs.some(([n]) => n === name)) pairs.push([name, value]);
    };
    add('DiskId', r.diskId);
    add('SnapshotName', r.snapshotName);
    add('Description', r.description);
    add('RetentionDays', r.retentionDays);
    add('Category', r.category);
    add('ClientToken', r.clientToken);
    add('ResourceGroupId', r.resourceGroupId);
    add('InstantAccess', r.instantAccess);
    add('InstantAccessRetentionDays', r.instantAccessRetentionDays);
    add('StorageLocationArn', r.storageLocationArn);
    for (const [name, value] of r.tags) add(name, value);
    for (const [name, value] of r.junk) if (!isCommonOrTag(name)) add(name, value);
    return pairs;
  });

const SUCCESS_DISK_IDS = defaultFixtures.filter((f) => f.answer === 'success').map((f) => f.diskId);

/** Parameters that pass every rule (so that the request reaches the ClientToken and the disk). */
export const validApiParams: fc.Arbitrary<Array<[string, string]>> = fc
  .record({
    diskId: weighted<string>([2, pick(SUCCESS_DISK_IDS)], [1, pick(FIXTURE_DISK_IDS)]),
    snapshotName: fc.option(shaped(letters + chinese, nameTail, [2, 3, 10, 127, 128]), { nil: undefined }),
    description: fc.option(pick(['ok', 'nightly backup', repeat('d', 256), repeat('描述', 128)]), { nil: undefined }),
    retentionDays: fc.option(pick(['1', '30', '65536']), { nil: undefined }),
    category: fc.option(pick(['Standard', 'Flash']), { nil: undefined }),
    clientToken: fc.option(pick(CLIENT_TOKENS), { nil: undefined, freq: 2 }),
    // With its days, or without; never beside Category (the two together are refused).
    instantAccess: fc.option(pick([[], ['InstantAccessRetentionDays', '3']] as Array<[] | [string, string]>), {
      nil: undefined,
      freq: 4,
    }),
    storageLocationArn: fc.option(fc.constant(AUTHORIZED_STORAGE_LOCATION_ARN), { nil: undefined, freq: 4 }),
    tags: fc.integer({ min: 0, max: 20 }),
  })
  .map((r) => {
    const pairs: Array<[string, string]> = [['DiskId', r.diskId]];
    if (r.snapshotName !== undefined) pairs.push(['SnapshotName', r.snapshotName]);
    if (r.description !== undefined) pairs.push(['Description', r.description]);
    if (r.retentionDays !== undefined) pairs.push(['RetentionDays', r.retentionDays]);
    if (r.instantAccess !== undefined) {
      pairs.push(['InstantAccess', 'true']);
      if (r.instantAccess.length === 2) pairs.push(r.instantAccess);
    } else if (r.category !== undefined) pairs.push(['Category', r.category]);
    if (r.storageLocationArn !== undefined) pairs.push(['StorageLocationArn', r.storageLocationArn]);
    if (r.clientToken !== undefined) pairs.push(['ClientToken', r.clientToken]);
    for (let i = 1; i <= r.tags; i++) pairs.push([`Tag.${i}.Key`, `k${i}`], [`Tag.${i}.Value`, `v${i}`]);
    return pairs;
  });

export const signedPlan: fc.Arbitrary<SignedPlan> = fc.record<SignedPlan>({
  kind: fc.constant('signed'),
  signing: weighted<SignedPlan['signing']>(
    [5, fc.constant('V1-GET')],
    [3, fc.constant('V1-POST')],
    [5, fc.constant('V3')],
    [2, fc.constant('V3-form')],
    [1, fc.constant('V3-bytes')],
  ),
  params: weighted([3, apiParams], [2, validApiParams]),
  format: fc.option(pick(['JSON', 'XML', 'json', 'xml', 'Json', 'xMl']), { nil: undefined, freq: 4 }),
  accept: fc.option(acceptValue, { nil: undefined, freq: 2 }),
  key: weighted<SignedPlan['key']>(
    [24, fc.constant('default')],
    [1, fc.constant('inactive')],
    [1, fc.constant('forbidden')],
    [1, fc.constant('unknown')],
  ),
  skewSeconds: weighted<number>([16, fc.constant(0)], [3, pick([-890, -60, 60, 890])], [2, pick([-910, 910, -86_400])]),
  sha256: weighted<boolean>([5, fc.constant(false)], [1, fc.constant(true)]),
  tamper: weighted<SignedPlan['tamper']>(
    [24, fc.constant('none')],
    [1, fc.constant('signature')],
    [1, fc.constant('extra-param')],
    [1, fc.constant('changed-value')],
    [1, fc.constant('body')],
  ),
  replay: weighted<boolean>([12, fc.constant(false)], [1, fc.constant(true)]),
  wire: pick<WireStyle>(['pe', 'pe', 'plus', 'loose']),
  path,
  junkHeaders,
  extraSignedHeaders: weighted<string[]>(
    [8, fc.constant([])],
    [2, fc.subarray(['accept', 'content-type', 'x-acs-junk', 'X-Acs-Signature-Nonce', 'Accept', 'user-agent'])],
    [1, fc.subarray([...PROTOTYPE_NAMES, 'x-acs-absent'], { minLength: 1, maxLength: 2 })],
  ),
  formContentType: pick([
    'application/x-www-form-urlencoded',
    'application/x-www-form-urlencoded; charset=UTF-8',
    'Application/X-WWW-Form-Urlencoded',
  ]),
  bytes: weighted<Uint8Array>(
    [3, fc.uint8Array({ minLength: 1, maxLength: 64 })],
    [1, fc.constant(new TextEncoder().encode('{"DiskId":"d-healthy"}'))],
  ),
});
