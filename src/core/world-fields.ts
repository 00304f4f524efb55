/**
 * Field readers for hand-written validation of JSON documents: each read takes one field of an
 * object, applies its default when the field is absent, and records a message naming the field's
 * path and the rule it breaks when it is present but wrong (the default is returned then, so that
 * reading goes on and every problem is reported at once).
 */

/** Where messages go; `(root)` names the document itself. */
export type Errors = string[];

export const ROOT = '(root)';

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
const ISO_EXAMPLE = '2026-11-29T06:00:00Z';

/** A short rendering of a value for a message: JSON, cut at 60 characters. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object' && value !== null) return 'an object';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `a.b` / `a[0]` / `a["key"]`; the empty path is the root. */
export function childPath(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`;
}

export function indexPath(path: string, index: number): string {
  return `${path}[${index}]`;
}

export function keyPath(path: string, key: string): string {
  return `${path}[${JSON.stringify(key)}]`;
}

export function report(errors: Errors, path: string, rule: string): void {
  errors.push(`${path === '' ? ROOT : path}: ${rule}`);
}

/** Epoch milliseconds of a strict UTC ISO 8601 date-time (`YYYY-MM-DDThh:mm:ss[.sss]Z`), or undefined. */
export function parseIsoTime(text: string): number | undefined {
  if (!ISO_TIME.test(text)) return undefined;
  const ms = Date.parse(text);
  // Date.parse rolls 2026-02-30 over to March, or gives NaN: the calendar fields must come back unchanged.
  return Number.isNaN(ms) || formatIsoTime(ms).slice(0, 19) !== text.slice(0, 19) ? undefined : ms;
}

export function formatIsoTime(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * Reads the fields of one JSON object. Call {@link FieldReader.finish} after the last read: every
 * field that was not read is reported as unknown.
 */
export class FieldReader {
  private readonly read = new Set<string>();

  constructor(
    private readonly source: Record<string, unknown>,
    readonly path: string,
    readonly errors: Errors,
  ) {}

  /** A reader for `value` if it is an object; otherwise reports `must be an object` and gives undefined. */
  static of(value: unknown, path: string, errors: Errors): FieldReader | undefined {
    if (isObject(value)) return new FieldReader(value, path, errors);
    report(errors, path, `must be ${path === '' ? 'a JSON object' : 'an object'} (got ${describe(value)})`);
    return undefined;
  }

  pathOf(name: string): string {
    return childPath(this.path, name);
  }

  /** The raw value of a field (undefined when absent), marking it as known. */
  raw(name: string): unknown {
    this.read.add(name);
    return Object.hasOwn(this.source, name) ? this.source[name] : undefined;
  }

  fail(name: string, rule: string, value: unknown): void {
    report(this.errors, this.pathOf(name), `${rule} (got ${describe(value)})`);
  }

  /** Reads an optional field: absent → `fallback`; present → `parse`, which returns undefined to refuse it with `rule`. */
  field<T>(name: string, fallback: T, rule: string, parse: (value: unknown) => T | undefined): T {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const parsed = parse(value);
    if (parsed !== undefined) return parsed;
    this.fail(name, rule, value);
    return fallback;
  }

  /** A required non-empty string (an id). Gives '' when missing or wrong. */
  id(name: string): string {
    const value = this.raw(name);
    if (typeof value === 'string' && value !== '') return value;
    report(
      this.errors,
      this.pathOf(name),
      value === undefined ? 'is required, a non-empty string' : `must be a non-empty string (got ${describe(value)})`,
    );
    return '';
  }

  string(name: string, fallback: string): string {
    return this.field(name, fallback, 'must be a string', (v) => (typeof v === 'string' ? v : undefined));
  }

  requiredString(name: string): string {
    const value = this.raw(name);
    if (typeof value === 'string') return value;
    report(
      this.errors,
      this.pathOf(name),
      value === undefined ? 'is required, a string' : `must be a string (got ${describe(value)})`,
    );
    return '';
  }

  nullableString(name: string, fallback: string | null): string | null {
    return this.field<string | null>(name, fallback, 'must be a string or null', (v) =>
      typeof v === 'string' || v === null ? v : undefined,
    );
  }

  boolean(name: string, fallback: boolean): boolean {
    return this.field(name, fallback, 'must be true or false', (v) => (typeof v === 'boolean' ? v : undefined));
  }

  integer(name: string, min: number, max: number, fallback: number): number {
    return this.field(name, fallback, `must be an integer from ${min} to ${max}`, (v) => integerIn(v, min, max));
  }

  nullableInteger(name: string, min: number, max: number, fallback: number | null): number | null {
    return this.field<number | null>(name, fallback, `must be an integer from ${min} to ${max}, or null`, (v) =>
      v === null ? null : integerIn(v, min, max),
    );
  }

  oneOf<T extends string>(name: string, values: readonly T[], fallback: T): T {
    return this.field(name, fallback, `must be one of ${values.join(', ')}`, (v) =>
      values.find((allowed) => allowed === v),
    );
  }

  nullableOneOf<T extends string>(name: string, values: readonly T[], fallback: T | null): T | null {
    return this.field<T | null>(name, fallback, `must be one of ${values.join(', ')}, or null`, (v) =>
      v === null ? null : values.find((allowed) => allowed === v),
    );
  }

  /** A string matching `pattern`, described by `rule`. */
  matching(name: string, pattern: RegExp, rule: string, fallback: string): string {
    return this.field(name, fallback, rule, (v) => (typeof v === 'string' && pattern.test(v) ? v : undefined));
  }

  /** An ISO 8601 UTC date-time, as epoch milliseconds. */
  time(name: string, fallback: number): number {
    return this.field(name, fallback, `must be an ISO 8601 date-time such as ${ISO_EXAMPLE}`, (v) =>
      typeof v === 'string' ? parseIsoTime(v) : undefined,
    );
  }

  nullableTime(name: string, fallback: number | null): number | null {
    return this.field<number | null>(
      name,
      fallback,
      `must be an ISO 8601 date-time such as ${ISO_EXAMPLE}, or null`,
      (v) => (v === null ? null : typeof v === 'string' ? parseIsoTime(v) : undefined),
    );
  }

  /** The elements of an optional array field, each with its path; absent → undefined. */
  array(name: string): { value: unknown; path: string }[] | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) {
      this.fail(name, 'must be an array', value);
      return [];
    }
    const path = this.pathOf(name);
    return value.map((element, index) => ({ value: element, path: indexPath(path, index) }));
  }

  /** The entries of an optional object field used as a map, each with its path; absent → undefined. */
  map(name: string): { key: string; value: unknown; path: string }[] | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    if (!isObject(value)) {
      this.fail(name, 'must be an object', value);
      return [];
    }
    const path = this.pathOf(name);
    return Object.entries(value).map(([key, entry]) => ({ key, value: entry, path: keyPath(path, key) }));
  }

  /** An optional object field read by `parse`; absent or not an object → `fallback`. */
  object<T>(name: string, fallback: T, parse: (reader: FieldReader) => T): T {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    return readObject(value, this.pathOf(name), this.errors, parse) ?? fallback;
  }

  /** Reports every field that was not read. */
  finish(): void {
    for (const name of Object.keys(this.source)) {
      if (!this.read.has(name)) report(this.errors, this.path, `unknown field ${JSON.stringify(name)}`);
    }
  }
}

/** Reads `value` as an object with `parse`, then reports its unknown fields; undefined if it is not an object. */
export function readObject<T>(
  value: unknown,
  path: string,
  errors: Errors,
  parse: (reader: FieldReader) => T,
): T | undefined {
  const reader = FieldReader.of(value, path, errors);
  if (!reader) return undefined;
  const result = parse(reader);
  reader.finish();
  return result;
}

function integerIn(value: unknown, min: number, max: number): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max ? value : undefined;
}

/**
 * Reports the later elements whose key repeats an earlier one, naming the collection and the first
 * one: `disks: duplicate diskId "d-1" (also at disks[0])`. Empty keys (already reported) are skipped.
 */
export function reportDuplicates(
  errors: Errors,
  path: string,
  entries: readonly { key: string; path: string }[],
  keyName: string,
): void {
  const first = new Map<string, string>();
  for (const entry of entries) {
    if (entry.key === '') continue;
    const earlier = first.get(entry.key);
    if (earlier === undefined) first.set(entry.key, entry.path);
    else report(errors, path, `duplicate ${keyName} ${JSON.stringify(entry.key)} (also at ${earlier})`);
  }
}

/**
 * An optional list of non-empty strings (at most `max`), each matching `pattern` when given; `null` too when
 * `nullable`. Absent → `fallback`; every element that breaks the rule is reported by its index.
 */
export function readStringList(
  r: FieldReader,
  name: string,
  options: { fallback: string[] | null; nullable: boolean; max: number; pattern?: RegExp; rule?: string },
): string[] | null {
  const { fallback, nullable, max, pattern, rule = 'a non-empty string' } = options;
  const value = r.raw(name);
  if (value === undefined) return fallback;
  if (value === null && nullable) return null;
  if (!Array.isArray(value) || value.length > max) {
    r.fail(name, `must be an array of at most ${max} strings${nullable ? ', or null' : ''}`, value);
    return fallback;
  }
  const list: string[] = [];
  value.forEach((v, i) => {
    if (typeof v === 'string' && v !== '' && (pattern === undefined || pattern.test(v))) list.push(v);
    else report(r.errors, indexPath(r.pathOf(name), i), `must be ${rule} (got ${JSON.stringify(v)})`);
  });
  return list;
}
