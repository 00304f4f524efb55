/**
 * The API parameters of CreateSnapshot, checked against the rules of the OpenAPI description
 * (parameterRules, generated from components.schemas) in the order the catalogue gives.
 */
import { assumptions, checksOf, parameterRules } from '../catalogue.js';
import type { Result, SimError } from './errors.js';
import type { Tag } from './world.js';

export interface CreateSnapshotInput {
  diskId: string;
  snapshotName: string | null;
  description: string | null;
  retentionDays: number | null;
  category: 'Standard' | 'Flash' | null;
  clientToken: string | null;
  tags: Tag[];
  resourceGroupId: string | null;
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

type ParameterCheck = (params: RawParameters, tags: TagParameter[]) => SimError | undefined;
const err = (id: SimError['id'], parameterName?: string): SimError =>
  parameterName === undefined ? { id } : { id, parameterName };

/** One function per parameter check of the catalogue (stage "parameters"); run in the catalogue's order. */
export const parameterChecks = {
  'param.diskId.missing': (p) => (present(p.DiskId) ? undefined : err('MissingParameter', 'DiskId')),
  'param.snapshotName.malformed': (p) =>
    present(p.SnapshotName) && !satisfies(p.SnapshotName, parameterRules.SnapshotName)
      ? err('InvalidSnapshotName.Malformed')
      : undefined,
  'param.description.malformed': (p) =>
    present(p.Description) && !satisfies(p.Description, parameterRules.Description)
      ? err('InvalidDescription.Malformed')
      : undefined,
  'param.retentionDays.invalid': (p) => {
    if (!present(p.RetentionDays)) return undefined;
    const { minimum, maximum } = parameterRules.RetentionDays;
    // A decimal integer: leading zeros allowed (0000001 is 1), nothing else.
    const days = /^\d{1,20}$/.test(p.RetentionDays) ? Number(p.RetentionDays) : Number.NaN;
    return days >= minimum && days <= maximum ? undefined : err('InvalidParameter', 'RetentionDays');
  },
  'param.category.invalid': (p) =>
    present(p.Category) && !(parameterRules.Category.enum as readonly string[]).includes(p.Category)
      ? err('InvalidParameter', 'Category')
      : undefined,
  'param.clientToken.invalid': (p) =>
    present(p.ClientToken) && !satisfies(p.ClientToken, parameterRules.ClientToken)
      ? err('InvalidParameter', 'ClientToken')
      : undefined,
  'param.tags.tooMany': (_p, tags) =>
    tags.some((t) => isIndex(t.n) && Number(t.n) > assumptions.maxTags) ? err('QuotaExceed.Tags') : undefined,
  'param.tagKey.malformed': (_p, tags) =>
    tags.some((t) => !isIndex(t.n) || t.key === undefined || !satisfies(t.key, parameterRules.TagKey))
      ? err('InvalidTagKey.Malformed')
      : undefined,
  'param.tagValue.malformed': (_p, tags) =>
    tags.some((t) => t.value !== undefined && !satisfies(t.value, parameterRules.TagValue))
      ? err('InvalidTagValue.Malformed')
      : undefined,
  'param.tagKey.duplicate': (_p, tags) =>
    tags.length > 1 && new Set(tags.map((t) => t.key)).size < tags.length ? err('Duplicate.TagKey') : undefined,
} satisfies Record<string, ParameterCheck>;

const ordered = checksOf('parameters').map(({ check }) => {
  const fn = (parameterChecks as Record<string, ParameterCheck>)[check];
  if (fn === undefined) throw new Error(`No implementation of the parameter check ${check} named in the catalogue`);
  return fn;
});

/** The tag checks have nothing to say about a request without tags (most requests). */
const TAG_CHECKS = new Set<ParameterCheck>([
  parameterChecks['param.tags.tooMany'],
  parameterChecks['param.tagKey.malformed'],
  parameterChecks['param.tagValue.malformed'],
  parameterChecks['param.tagKey.duplicate'],
]);
const untagged = ordered.filter((check) => !TAG_CHECKS.has(check));

export function parseCreateSnapshotInput(params: RawParameters): Result<{ input: CreateSnapshotInput }> {
  const tags = tagParameters(params);
  for (const check of tags.length === 0 ? untagged : ordered) {
    const error = check(params, tags);
    if (error !== undefined) return { ok: false, error };
  }
  const opt = (v: string | undefined) => (present(v) ? v : null);
  return {
    ok: true,
    input: {
      diskId: params.DiskId as string,
      snapshotName: opt(params.SnapshotName),
      description: opt(params.Description),
      retentionDays: present(params.RetentionDays) ? Number(params.RetentionDays) : null,
      category: opt(params.Category) as CreateSnapshotInput['category'],
      clientToken: opt(params.ClientToken),
      tags: tags.sort((a, b) => Number(a.n) - Number(b.n)).map((t) => ({ key: t.key as string, value: t.value ?? '' })),
      resourceGroupId: opt(params.ResourceGroupId),
    },
  };
}

/** What a ClientToken replay must match: every API parameter but the token, canonically. */
export function fingerprint(input: CreateSnapshotInput): string {
  const { clientToken: _, ...rest } = input;
  return JSON.stringify(rest);
}
