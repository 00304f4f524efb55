/**
 * Isolation by account, as LocalStack isolates by account id: every AccessKeyId of the test-key pattern
 * gets a world of its own, cloned from the initial world on first use, with its own clock, faults, nonces
 * and journal. Parallel test files against one server then never see each other's state: each signs with
 * its own key (`LTAI5tSimulatorTestKey` + a suffix) and passes that key to the control plane.
 *
 * The default key (`LTAI5tSimulatorTestKey01`) and every key outside the pattern share the main world, so
 * a simulator used without test keys behaves as before.
 */
import { randomWord } from './ids.js';
import type { World } from './world.js';
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET } from './world-document.js';

export const TEST_KEY_PREFIX = 'LTAI5tSimulatorTestKey';
/** The prefix and 1 to 40 letters or digits; the secret of every such key is the default test secret. */
const TEST_KEY = /^LTAI5tSimulatorTestKey[A-Za-z0-9]{1,40}$/;
export const TEST_KEY_PATTERN = `${TEST_KEY_PREFIX}[A-Za-z0-9]{1,40}`;
export const TEST_KEY_SECRET = DEFAULT_ACCESS_KEY_SECRET;

/**
 * Bounds of the tenant worlds kept at once: at most 256 worlds, and at most 1,000,000 records (access keys,
 * instances, disks, snapshots, ClientTokens) in their initial worlds together, so that a large `--world`
 * cannot be copied without bound. Past either bound the least recently used world is forgotten; its key
 * starts again from the initial world on its next request.
 */
export const TENANT_LIMITS = { maxWorlds: 256, maxRecords: 1_000_000 } as const;

/** Does this AccessKeyId get a world of its own? (Cheap tests first: this runs on every request.) */
export function isTestKey(accessKeyId: string): boolean {
  return (
    accessKeyId.length > TEST_KEY_PREFIX.length &&
    accessKeyId !== DEFAULT_ACCESS_KEY_ID &&
    accessKeyId.startsWith(TEST_KEY_PREFIX) &&
    TEST_KEY.test(accessKeyId)
  );
}

const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * A fresh test key, with a world of its own on any simulator: `label` (letters and digits, to tell the key in
 * the journal and in `serve --log`) and 12 random characters, so that two test files never draw the same key.
 */
export function testAccessKey(
  label = '',
  random: () => number = randomWord,
): { accessKeyId: string; accessKeySecret: string } {
  const clean = label.replace(/[^A-Za-z0-9]/g, '').slice(0, 28);
  let suffix = '';
  for (let i = 0; i < 12; i++) suffix += KEY_ALPHABET[random() % KEY_ALPHABET.length];
  return { accessKeyId: `${TEST_KEY_PREFIX}${clean}${suffix}`, accessKeySecret: TEST_KEY_SECRET };
}

/** The world with the tenant's key in it (active, authorized, the test secret), unless the world has it already. */
export function withTestKey(world: World, accessKeyId: string): World {
  if (world.accessKeys.some((k) => k.accessKeyId === accessKeyId)) return world;
  return {
    ...world,
    accessKeys: [
      ...world.accessKeys,
      { accessKeyId, accessKeySecret: TEST_KEY_SECRET, active: true, authorized: true, actions: null },
    ],
  };
}

export function recordsOf(world: World): number {
  return (
    world.accessKeys.length +
    world.instances.length +
    world.disks.length +
    world.snapshots.length +
    world.clientTokens.length
  );
}

/** Tenants by key, least recently used first (a Map keeps insertion order; a use re-inserts). */
export class Tenants<T> {
  readonly #byKey = new Map<string, { tenant: T; records: number }>();
  #records = 0;

  get(key: string): T | undefined {
    const found = this.#byKey.get(key);
    if (found === undefined) return undefined;
    // Re-inserting on every request would cost a map write each; the order only matters when full.
    if (this.#byKey.size > TENANT_LIMITS.maxWorlds / 2) {
      this.#byKey.delete(key);
      this.#byKey.set(key, found);
    }
    return found.tenant;
  }

  add(key: string, tenant: T, records: number): void {
    this.delete(key);
    while (
      this.#byKey.size > 0 &&
      (this.#byKey.size >= TENANT_LIMITS.maxWorlds || this.#records + records > TENANT_LIMITS.maxRecords)
    ) {
      const oldest = this.#byKey.keys().next().value as string;
      this.delete(oldest);
    }
    this.#byKey.set(key, { tenant, records });
    this.#records += records;
  }

  delete(key: string): void {
    const found = this.#byKey.get(key);
    if (found === undefined) return;
    this.#byKey.delete(key);
    this.#records -= found.records;
  }

  keys(): string[] {
    return [...this.#byKey.keys()];
  }

  get size(): number {
    return this.#byKey.size;
  }
}
