/**
 * The oracle of a correctly signed request, written from the conditions of the catalogue (x-error.when),
 * not from the simulator's code: what the gateway answers a signed plan, the parameter error its API
 * parameters get, and otherwise the answers its disk can give.
 */
import { assumptions, checksOf, type ErrorId } from '../../../src/catalogue.js';
import {
  AUTHORIZED_STORAGE_LOCATION_ARN,
  DEFAULT_RESOURCE_GROUPS,
  defaultFixtures,
  defaultWorldDocument,
  PROCESSING_CLIENT_TOKEN,
} from '../../../src/core/default-world.js';
import type { Expectation, SignedPlan } from './plans.js';

/** What the gateway must answer a signed plan, in the catalogue's order of checks; undefined: it passes. */
export function gatewayVerdict(p: SignedPlan): ErrorId | undefined {
  if (Math.abs(p.skewSeconds) > assumptions.timestampSkewSeconds) return 'InvalidTimeStamp.Expired';
  if (p.key === 'unknown') return 'InvalidAccessKeyId';
  if (p.key === 'inactive') return 'InvalidAccessKeyId.Inactive';
  if (p.tamper !== 'none') return 'SignatureDoesNotMatch';
  if (p.key === 'forbidden') return 'Forbidden.RAM';
  return undefined;
}

/** What the server sees: lone surrogates arrive as U+FFFD (UTF-8 has no encoding for them). */
const wellFormed = (s: string) =>
  s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
const codePoints = (s: string) => [...s].length;
const present = (v: string | undefined): v is string => v !== undefined && v !== '';
const positiveInteger = (n: string) => /^[1-9][0-9]*$/.test(n);
/** '01': "an integer of at least 1"? The catalogue does not say whether leading zeros are allowed. */
const zeroPadded = (n: string) => /^0+[1-9][0-9]*$/.test(n);

type Check = 'fails' | 'passes' | 'ambiguous';
const verdict = (fails: boolean, ambiguous = false): Check => (fails ? 'fails' : ambiguous ? 'ambiguous' : 'passes');

interface TagGroup {
  n: string;
  key: string | undefined;
  value: string | undefined;
}

function tagGroups(p: Map<string, string>): TagGroup[] {
  const groups = new Map<string, { Key?: string; key?: string; Value?: string; value?: string }>();
  for (const [name, value] of p) {
    const m = /^Tag\.(.*)\.(Key|Value|key|value)$/.exec(name);
    if (m === null) continue;
    const n = m[1] as string;
    const group = groups.get(n) ?? {};
    group[m[2] as 'Key'] = value;
    groups.set(n, group);
  }
  return [...groups].map(([n, g]) => ({ n, key: g.Key ?? g.key, value: g.Value ?? g.value }));
}

const parameterRules: Record<string, (p: Map<string, string>, tags: TagGroup[]) => Check> = {
  'param.diskId.missing': (p) => verdict(!present(p.get('DiskId'))),
  'param.snapshotName.malformed': (p) => {
    const v = p.get('SnapshotName');
    if (!present(v)) return 'passes';
    const ok =
      codePoints(v) >= 2 &&
      codePoints(v) <= 128 &&
      // Today's edition (the simulator's default): periods allowed, letters are Unicode letters.
      /^\p{L}[\p{L}0-9:_.-]*$/u.test(v) &&
      !v.startsWith('auto');
    return verdict(!ok);
  },
  'param.description.malformed': (p) => {
    const v = p.get('Description');
    return verdict(present(v) && (codePoints(v) < 2 || codePoints(v) > 256 || /^https?:\/\//.test(v)));
  },
  'param.retentionDays.invalid': (p) => {
    const v = p.get('RetentionDays');
    if (!present(v)) return 'passes';
    const ok = /^[0-9]+$/.test(v) && Number(v) >= 1 && Number(v) <= 65_536;
    // More than six digits, with leading zeros: a decimal integer in range, which the simulator refuses.
    return verdict(!ok, ok && v.length > 6);
  },
  'param.category.invalid': (p) => {
    const v = p.get('Category')?.toLowerCase();
    return verdict(present(v) && v !== 'standard' && v !== 'flash');
  },
  'param.instantAccess.invalid': (p) => {
    const v = p.get('InstantAccess');
    return verdict(v !== undefined && !/^(true|false)$/i.test(v));
  },
  'param.categoryAndInstantAccess': (p) =>
    verdict(present(p.get('Category')) && /^true$/i.test(p.get('InstantAccess') ?? '')),
  'param.instantAccessRetentionDays.invalid': (p) => {
    const v = p.get('InstantAccessRetentionDays');
    if (!present(v)) return 'passes';
    const ok = /^[0-9]+$/.test(v) && Number(v) >= 1 && Number(v) <= 65_535;
    return verdict(!ok || !/^true$/i.test(p.get('InstantAccess') ?? ''), ok && v.length > 6);
  },
  'param.clientToken.invalid': (p) => {
    const v = p.get('ClientToken');
    return verdict(present(v) && (codePoints(v) > 64 || /[^\x20-\x7e]/.test(v)));
  },
  'param.tags.tooMany': (_p, tags) =>
    verdict(
      tags.some((t) => positiveInteger(t.n) && Number(t.n) > assumptions.maxTags),
      tags.some((t) => zeroPadded(t.n) && Number(t.n) > assumptions.maxTags),
    ),
  'param.tagKey.malformed': (_p, tags) => {
    const badKey = (k: string | undefined) =>
      k === undefined ||
      k === '' ||
      codePoints(k) > 128 ||
      k.startsWith('aliyun') ||
      k.startsWith('acs:') ||
      /https?:\/\//.test(k);
    return verdict(
      tags.some((t) => (!positiveInteger(t.n) && !zeroPadded(t.n)) || badKey(t.key)),
      tags.some((t) => zeroPadded(t.n)),
    );
  },
  'param.tagValue.malformed': (_p, tags) =>
    verdict(tags.some((t) => t.value !== undefined && (codePoints(t.value) > 128 || /https?:\/\//.test(t.value)))),
  'param.tagKey.duplicate': (_p, tags) => verdict(new Set(tags.map((t) => t.key)).size < tags.length),
};

/** The parameter a templated message (MissingParameter, InvalidParameter) names, in today's edition. */
const PARAMETER_NAME: Record<string, string> = {
  'param.diskId.missing': 'DiskId',
  'param.instantAccess.invalid': 'InstantAccess',
};

/** The checks of the parameters stage, in the catalogue's order, each with its rule above. */
const PARAMETER_CHECKS = checksOf('parameters').map(({ check, entry }) => {
  const rule = parameterRules[check];
  if (rule === undefined)
    throw new Error(`the fuzz oracle (test/reliability/fuzz/oracle.ts) has no rule for the parameter check ${check}`);
  return { check, id: entry.id as string, rule };
});

// The answer to DiskId alone: rows that need more parameters say nothing of it. A disk that has only such
// rows (InstantAccess=true on d-cloudbox) answers without them as a healthy disk does, unless a row names
// another region for it (RegionId=cn-wulanchabu): asked for in the default region, it is not found.
const fixtureAnswer = new Map(
  defaultFixtures.filter((f) => f.with === undefined).map((f) => [f.diskId, f.answer as string]),
);
for (const f of defaultFixtures)
  if (!fixtureAnswer.has(f.diskId)) {
    const elsewhere = defaultFixtures.some((g) => g.diskId === f.diskId && g.with?.RegionId !== undefined);
    fixtureAnswer.set(f.diskId, elsewhere ? 'InvalidDiskId.NotFound' : 'success');
  }
const SUCCESS_DISK = ['success', 'IncorrectDiskStatus.CreatingSnapshot', 'QuotaExceed.Snapshot'];

/**
 * What a disk of the default world may answer a valid request: its fixture answer, or, where time and earlier
 * requests change it (a snapshot now in progress, the clock moved on), what they may turn it into.
 */
export function diskAnswers(diskId: string): string[] {
  const answer = fixtureAnswer.get(diskId);
  if (answer === undefined) return ['InvalidDiskId.NotFound'];
  if (diskId === 'd-expiring') return [...SUCCESS_DISK, 'InvalidDiskId.NotFound'];
  // Before the successes: its quota of 3 snapshots at once is reached by the fuzzer's own successes.
  if (diskId === 'd-concurrent') return [...SUCCESS_DISK, 'QuotaExceed.ConcurrentSnapshotQuota'];
  // Its one snapshot in progress completes as the clock moves on: a healthy disk then, full again after a success.
  if (diskId === 'd-concurrent-quota-full') return [answer, ...SUCCESS_DISK];
  if (answer === 'success' || diskId === 'd-snapshot-in-progress') return SUCCESS_DISK;
  if (diskId === 'd-new-instance-system') return [answer, ...SUCCESS_DISK];
  return [answer];
}

/** The preconditions in the catalogue's order; an answer comes at the first check that gives it. */
const PRECONDITIONS = checksOf('preconditions');
function orderOfCheck(check: string): number {
  const found = PRECONDITIONS.find((c) => c.check === check);
  if (found === undefined) throw new Error(`the fuzz oracle names a precondition the catalogue lacks: ${check}`);
  return found.order;
}
/** A success comes after every check; an answer that is no precondition's stands before them all. */
function orderOfAnswer(id: string): number {
  if (id === 'success') return Number.POSITIVE_INFINITY;
  const orders = PRECONDITIONS.filter((c) => c.entry.id === id).map((c) => c.order);
  return orders.length === 0 ? Number.NEGATIVE_INFINITY : Math.min(...orders);
}
/** What the default world says of a disk (its category, cloud box, concurrent quota); its defaults when unsaid. */
const DISKS = new Map((defaultWorldDocument(0).disks ?? []).map((d) => [d.diskId, d]));
const diskOf = (diskId: string) => DISKS.get(diskId) ?? { diskId };
const ESSD_FAMILY: readonly string[] = assumptions.diskCategories.essdFamily;

/**
 * The preconditions a request's own parameters bring to its disk, from their conditions in the catalogue:
 * `sure` ones hold whatever the disk's state; `maybe` ones depend on snapshots in progress.
 */
function requestPreconditions(p: Map<string, string>) {
  const diskId = p.get('DiskId') as string;
  const disk = diskOf(diskId);
  const instantAccess = /^true$/i.test(p.get('InstantAccess') ?? '');
  const group = p.get('ResourceGroupId');
  const arn = p.get('StorageLocationArn');
  const sure: Array<{ id: string; order: number }> = [];
  const maybe: Array<{ id: string; order: number }> = [];
  const add = (list: typeof sure, id: string, check: string) => list.push({ id, order: orderOfCheck(check) });
  if (present(group) && !DEFAULT_RESOURCE_GROUPS.includes(group))
    add(sure, 'InvalidResourceGroup.NotFound', 'resourceGroup.notFound');
  if (instantAccess && !ESSD_FAMILY.includes(disk.category ?? 'cloud_essd'))
    add(sure, 'DiskCategory.OperationNotSupported', 'disk.instantAccess.notEssd');
  if (present(arn) && arn !== AUTHORIZED_STORAGE_LOCATION_ARN)
    add(sure, 'InvalidParameter.UnauthorizedStorageLocationArn', 'storageLocation.unauthorized');
  if (instantAccess && disk.cloudBox === true)
    add(sure, 'CloudBoxNotSupportSnapshotWithInstantAccess', 'disk.cloudBox.instantAccess');
  if (instantAccess && disk.concurrentSnapshotQuota != null)
    add(maybe, 'DISK_HAS_CREATING_SNAPSHOT', 'disk.instantAccess.whileCreating');
  return { sure, maybe };
}

/**
 * Each answer the disk may give, met by the request's own preconditions: the earliest in the catalogue's
 * order answers, and one that may hold answers too when it comes first.
 */
function withRequestPreconditions(disk: string[], p: Map<string, string>): string[] {
  const { sure, maybe } = requestPreconditions(p);
  const out = new Set<string>();
  for (const answer of disk) {
    const first = [{ id: answer, order: orderOfAnswer(answer) }, ...sure].sort((a, b) => a.order - b.order)[0];
    out.add((first as { id: string }).id);
    for (const m of maybe) if (m.order < (first as { order: number }).order) out.add(m.id);
  }
  return [...out];
}

/** The answers a correctly signed request with these API parameters may get once it passed the gateway. */
export function expectedAfterGateway(pairs: ReadonlyArray<readonly [string, string]>): Expectation {
  const p = new Map<string, string>();
  for (const [name, value] of pairs) {
    const n = wellFormed(name);
    if (!p.has(n)) p.set(n, wellFormed(value));
  }
  const tags = tagGroups(p);
  const ids = new Set<string>();
  const names = new Set<string>();
  for (const { check, id, rule } of PARAMETER_CHECKS) {
    const outcome = rule(p, tags);
    if (outcome === 'passes') continue;
    ids.add(id);
    const name = PARAMETER_NAME[check];
    if (name !== undefined) names.add(name);
    if (outcome === 'fails') return { ids, names, why: `parameter check ${check}` };
  }
  const token = p.get('ClientToken');
  const why = `valid parameters, disk ${JSON.stringify(p.get('DiskId'))}`;
  if (token === PROCESSING_CLIENT_TOKEN) return { ids: new Set([...ids, 'IdempotentProcessing']), names, why };
  for (const id of withRequestPreconditions(diskAnswers(p.get('DiskId') as string), p)) ids.add(id);
  if (present(token)) {
    ids.add('IdempotentParameterMismatch');
    ids.add('success');
    return { ids, names, why, clientToken: token };
  }
  return { ids, names, why };
}

export function expectationOfSigned(p: SignedPlan, params: ReadonlyArray<readonly [string, string]>): Expectation {
  const refused = gatewayVerdict(p);
  if (refused !== undefined) return { ids: new Set([refused]), why: `signed with ${p.key} key, ${p.tamper} tamper` };
  return expectedAfterGateway(params);
}
