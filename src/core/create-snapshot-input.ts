/**
 * The API parameters of CreateSnapshot, checked against the rules of the OpenAPI description
 * (parameterRulesByEdition, generated from components.schemas and their x-editions) in the order the
 * catalogue gives for the edition answered. A check says only whether it fails (and which parameter);
 * the catalogue says which error that is in the edition.
 */
import {
  assumptions,
  type CatalogueEntry,
  checksOf,
  DEFAULT_EDITION,
  EDITIONS,
  type Edition,
  parameterRulesByEdition,
} from '../catalogue.js';
import type { Result, SimError } from './errors.js';
import type { Tag } from './world.js';

export interface CreateSnapshotInput {
  diskId: string;
  snapshotName: string | null;
  description: string | null;
  retentionDays: number | null;
  /** As documented (Standard, Flash), whatever the letter case sent. */
  category: 'Standard' | 'Flash' | null;
  clientToken: string | null;
  tags: Tag[];
  resourceGroupId: string | null;
  /** Today's edition only; false in the older one, which does not know the parameter. */
  instantAccess: boolean;
  instantAccessRetentionDays: number | null;
  storageLocationArn: string | null;
}

/** Raw API parameters, decoded, by name (common RPC parameters already removed). */
export type RawParameters = Readonly<Record<string, string | undefined>>;

interface Rule {
  minLength?: number;
  maxLength?: number;
  pattern?: string;
}

const compiled = new Map<string, RegExp>();
function satisfies(value: string, rule: Rule): boolean {
  // JSON Schema counts code points, not UTF-16 units.
  const length = value.length < 64 && !/[\uD800-\uDFFF]/.test(value) ? value.length : [...value].length;
  if (rule.minLength !== undefined && length < rule.minLength) return false;
  if (rule.maxLength !== undefined && length > rule.maxLength) return false;
  if (rule.pattern === undefined) return true;
  let re = compiled.get(rule.pattern);
  if (re === undefined) {
    re = new RegExp(rule.pattern, 'u');
    compiled.set(rule.pattern, re);
  }
  return re.test(value);
}

/** An empty optional parameter counts as absent (x-error assumptions of SnapshotName, Description, ClientToken). */
const present = (v: string | undefined): v is string => v !== undefined && v !== '';

interface TagParameter {
  n: string;
  key: string | undefined;
  value: string | undefined;
}

const TAG = /^Tag\.([^.]*)\.(Key|Value|key|value)$/;

const NO_TAGS: TagParameter[] = [];

function tagParameters(params: RawParameters): TagParameter[] {
  // Most requests have no tags: no map for them.
  let byN: Map<string, { Key?: string; Value?: string; key?: string; value?: string }> | undefined;
  for (const name in params) {
    if (name.charCodeAt(0) !== 84 /* T */) continue;
    const m = TAG.exec(name);
    if (m === null) continue;
    const n = m[1] as string;
    byN ??= new Map();
    const slot = byN.get(n) ?? {};
    slot[m[2] as 'Key'] = params[name] as string;
    byN.set(n, slot);
  }
  if (byN === undefined) return NO_TAGS;
  return [...byN].map(([n, s]) => ({ n, key: s.Key ?? s.key, value: s.Value ?? s.value }));
}

const isIndex = (n: string) => /^[1-9]\d*$/.test(n);
/** A decimal integer: leading zeros allowed (0000001 is 1), nothing else. */
const integer = (v: string) => (/^\d{1,20}$/.test(v) ? Number(v) : Number.NaN);
/** `true`/`false` in any letter case (the Python SDKs send `True`); undefined when neither. */
function boolean(v: string | undefined): boolean | undefined {
  if (v === undefined) return undefined;
  const lower = v.toLowerCase();
  return lower === 'true' ? true : lower === 'false' ? false : undefined;
}
/** The documented categories by their lower-case spelling: the value is matched in any letter case. */
const CATEGORIES = new Map(
  parameterRulesByEdition[DEFAULT_EDITION].Category.enum.map((c) => [c.toLowerCase(), c as 'Standard' | 'Flash']),
);
const categoryOf = (v: string) => CATEGORIES.get(v.toLowerCase());

type Rules = (typeof parameterRulesByEdition)[Edition];
/** A check gives the name of the parameter that fails it (the `<name>` of a templated message), or undefined. */
type ParameterCheck = (params: RawParameters, tags: TagParameter[], rules: Rules) => string | undefined;

const instantAccess = (p: RawParameters) => boolean(p.InstantAccess) === true;

/** One function per parameter check of the catalogue (stage "parameters"). */
export const parameterChecks = {
  'param.diskId.missing': (p) => (present(p.DiskId) ? undefined : 'DiskId'),
  'param.instantAccess.invalid': (p) =>
    p.InstantAccess !== undefined && boolean(p.InstantAccess) === undefined ? 'InstantAccess' : undefined,
  'param.snapshotName.malformed': (p, _t, rules) =>
    present(p.SnapshotName) && !satisfies(p.SnapshotName, rules.SnapshotName) ? 'SnapshotName' : undefined,
  'param.description.malformed': (p, _t, rules) =>
    present(p.Description) && !satisfies(p.Description, rules.Description) ? 'Description' : undefined,
  'param.retentionDays.invalid': (p, _t, rules) => {
    if (!present(p.RetentionDays)) return undefined;
    const days = integer(p.RetentionDays);
    return days >= rules.RetentionDays.minimum && days <= rules.RetentionDays.maximum ? undefined : 'RetentionDays';
  },
  'param.category.invalid': (p) =>
    present(p.Category) && categoryOf(p.Category) === undefined ? 'Category' : undefined,
  'param.categoryAndInstantAccess': (p) => (present(p.Category) && instantAccess(p) ? 'Category' : undefined),
  'param.instantAccessRetentionDays.invalid': (p, _t, rules) => {
    if (!present(p.InstantAccessRetentionDays)) return undefined;
    const days = integer(p.InstantAccessRetentionDays);
    const { minimum, maximum } = rules.InstantAccessRetentionDays;
    return instantAccess(p) && days >= minimum && days <= maximum ? undefined : 'InstantAccessRetentionDays';
  },
  'param.clientToken.invalid': (p, _t, rules) =>
    present(p.ClientToken) && !satisfies(p.ClientToken, rules.ClientToken) ? 'ClientToken' : undefined,
  'param.tags.tooMany': (_p, tags) =>
    tags.some((t) => isIndex(t.n) && Number(t.n) > assumptions.maxTags) ? 'Tag.N.Key' : undefined,
  'param.tagKey.malformed': (_p, tags, rules) =>
    tags.some((t) => !isIndex(t.n) || t.key === undefined || !satisfies(t.key, rules.TagKey)) ? 'Tag.N.Key' : undefined,
  'param.tagValue.malformed': (_p, tags, rules) =>
    tags.some((t) => t.value !== undefined && !satisfies(t.value, rules.TagValue)) ? 'Tag.N.Value' : undefined,
  'param.tagKey.duplicate': (_p, tags) =>
    tags.length > 1 && new Set(tags.map((t) => t.key)).size < tags.length ? 'Tag.N.Key' : undefined,
} satisfies Record<string, ParameterCheck>;

/** The tag checks have nothing to say about a request without tags (most requests). */
const TAG_CHECKS = new Set<string>([
  'param.tags.tooMany',
  'param.tagKey.malformed',
  'param.tagValue.malformed',
  'param.tagKey.duplicate',
]);

interface Ordered {
  name: string;
  check: ParameterCheck;
  entry: CatalogueEntry;
}
/** Per edition, the checks in its order, all and without the tag checks. */
const plans = Object.fromEntries(
  EDITIONS.map((edition) => {
    const ordered: Ordered[] = checksOf('parameters', edition).map(({ check, entry }) => {
      const fn = (parameterChecks as Record<string, ParameterCheck>)[check];
      if (fn === undefined) throw new Error(`No implementation of the parameter check ${check} named in the catalogue`);
      return { name: check, check: fn, entry };
    });
    return [
      edition,
      {
        ordered,
        untagged: ordered.filter((o) => !TAG_CHECKS.has(o.name)),
        // An edition that does not check InstantAccess does not know today's parameters: it ignores them.
        knowsInstantAccess: ordered.some((o) => o.name === 'param.instantAccess.invalid'),
      },
    ];
  }),
) as Record<Edition, { ordered: Ordered[]; untagged: Ordered[]; knowsInstantAccess: boolean }>;

export function parseCreateSnapshotInput(
  params: RawParameters,
  edition: Edition = DEFAULT_EDITION,
): Result<{ input: CreateSnapshotInput }> {
  const tags = tagParameters(params);
  const plan = plans[edition];
  const rules = parameterRulesByEdition[edition];
  for (const { check, entry } of tags.length === 0 ? plan.untagged : plan.ordered) {
    const parameterName = check(params, tags, rules);
    if (parameterName !== undefined) {
      const error: SimError = { id: entry.id, parameterName };
      return { ok: false, error };
    }
  }
  const opt = (v: string | undefined) => (present(v) ? v : null);
  const today = plan.knowsInstantAccess;
  return {
    ok: true,
    input: {
      diskId: params.DiskId as string,
      snapshotName: opt(params.SnapshotName),
      description: opt(params.Description),
      retentionDays: present(params.RetentionDays) ? Number(params.RetentionDays) : null,
      category: present(params.Category) ? (categoryOf(params.Category) ?? null) : null,
      clientToken: opt(params.ClientToken),
      tags: tags.sort((a, b) => Number(a.n) - Number(b.n)).map((t) => ({ key: t.key as string, value: t.value ?? '' })),
      resourceGroupId: opt(params.ResourceGroupId),
      instantAccess: today && instantAccess(params),
      instantAccessRetentionDays:
        today && present(params.InstantAccessRetentionDays) ? Number(params.InstantAccessRetentionDays) : null,
      storageLocationArn: today ? opt(params.StorageLocationArn) : null,
    },
  };
}

/** What a ClientToken replay must match: every API parameter but the token, canonically. */
export function fingerprint(input: CreateSnapshotInput): string {
  const { clientToken: _, ...rest } = input;
  return JSON.stringify(rest);
}
