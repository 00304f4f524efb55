/**
 * Pact provider verification of the contracts against any provider: states through its state-change URL,
 * every request re-signed with the given credentials. One case per interaction, named
 * `<consumer> › <description>`, from the verifier's JSON result. The verifier runs in a child process
 * (pact-worker.ts), so that its own report is captured rather than printed: `raw` has it, for --verbose.
 */
import { fork } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_EDITION, EDITIONS } from '../catalogue.js';
import { parseJsonFile } from '../cli/json-error.js';
import type { CaseResult } from '../cli/report.js';
import { DEFAULT_ACCESS_KEY_ID } from '../core/world-document.js';
import type { Credentials } from '../protocol/sign-request.js';

export const PROVIDER_NAME = 'ecs-createsnapshot';

/** At most this much of the verifier's own report is kept for --verbose (it is ~50 lines per interaction). */
const MAX_RAW_BYTES = 4 * 1024 * 1024;

export function pactFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => join(dir, f));
}

export interface PactInteraction {
  file: string;
  consumer: string;
  description: string;
  /** `<consumer> › <description>`: the case's name. */
  name: string;
}

/** The interactions of a pact file, read the way the verifier names them; a file that is no pact gives none. */
export function pactInteractions(file: string): PactInteraction[] {
  const pact = parseJsonFile(readFileSync(file, 'utf8'), file) as {
    consumer?: { name?: string };
    interactions?: Array<{ description?: string }>;
  };
  const consumer = pact.consumer?.name ?? file;
  return (pact.interactions ?? []).map((i) => ({
    file,
    consumer,
    description: String(i.description),
    name: `${consumer} › ${i.description}`,
  }));
}

interface VerifierJson {
  interactionResults?: Array<{
    consumer: string;
    description: string;
    result: string;
    duration?: string;
    providerStates?: string[];
    mismatch?: {
      mismatches?: Array<{ mismatch?: string; path?: string; actual?: string }>;
      message?: string;
      type?: string;
    };
  }>;
  errors?: Array<{ interaction: string; mismatch?: { message?: string; mismatches?: Array<{ mismatch?: string }> } }>;
}

const worker = fileURLToPath(
  new URL(`./pact-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url),
);

/** An exact-match filter for the verifier (PACT_DESCRIPTION, a Rust regex): only these descriptions are replayed. */
const descriptionFilter = (descriptions: string[]) =>
  `^(${[...new Set(descriptions)].map((d) => d.replace(/[.*+?()|[\]{}^$\\]/g, '\\$&')).join('|')})$`;

function runWorker(
  job: object,
  only: string | undefined,
): Promise<{ message: { ok: boolean; json: string } | undefined; raw: string; code: number | null }> {
  const child = fork(worker, [JSON.stringify(job)], {
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    execArgv: worker.endsWith('.ts') ? ['--import', 'tsx'] : [],
    env: {
      ...process.env,
      PACT_DO_NOT_TRACK: process.env.PACT_DO_NOT_TRACK ?? 'true',
      ...(only === undefined ? {} : { PACT_DESCRIPTION: only }),
    },
  });
  let raw = '';
  const keep = (d: Buffer) => {
    if (raw.length < MAX_RAW_BYTES) raw += d.toString('utf8');
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let message: { ok: boolean; json: string } | undefined;
  child.on('message', (m) => {
    message = m as { ok: boolean; json: string };
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ message, raw, code })));
}

/**
 * The pact files as the verifier is to replay them. Every request is re-signed with the given credentials,
 * so a provider state that names the key the contracts were recorded with (the simulator's default key:
 * "access key {accessKeyId} is disabled") is given the key the requests are signed with: copies of the
 * files, in a folder that `done()` removes. With the recorded key itself, the files as they are.
 */
function pactsSignedBy(files: string[], credentials: Credentials): { files: string[]; done(): void } {
  if (credentials.accessKeyId === DEFAULT_ACCESS_KEY_ID) return { files, done: () => {} };
  const dir = mkdtempSync(join(tmpdir(), 'ecs-verify-pacts-'));
  const copies = files.map((file, n) => {
    const pact = parseJsonFile(readFileSync(file, 'utf8'), file) as {
      interactions?: Array<{ providerStates?: Array<{ params?: Record<string, unknown> }> }>;
    };
    for (const interaction of pact.interactions ?? [])
      for (const state of interaction.providerStates ?? [])
        for (const [name, value] of Object.entries(state.params ?? {}))
          if (value === DEFAULT_ACCESS_KEY_ID && state.params) state.params[name] = credentials.accessKeyId;
    const copy = join(dir, `${n}-${basename(file)}`);
    writeFileSync(copy, JSON.stringify(pact));
    return copy;
  });
  return { files: copies, done: () => rmSync(dir, { recursive: true, force: true }) };
}

const problemText = (m: NonNullable<NonNullable<VerifierJson['interactionResults']>[number]['mismatch']>) =>
  m.mismatches?.map((x) => (x.path ? `${x.path}: ${x.mismatch}` : String(x.mismatch))).join('\n') ??
  m.message ??
  JSON.stringify(m);

/**
 * Verifies the given interactions: their pact files are replayed, filtered by description when only some
 * of a file's interactions are given. Without a state-change URL every one is skipped: each has a provider state.
 */
export async function verifyPacts(
  interactions: PactInteraction[],
  target: { providerUrl: string; stateChangeUrl?: string | undefined; credentials: Credentials },
): Promise<{ results: CaseResult[]; raw: string }> {
  const started = performance.now();
  const result = (i: PactInteraction, status: CaseResult['status'], message?: string, durationMs = 0): CaseResult => ({
    suite: 'pact',
    name: i.name,
    status,
    durationMs,
    ...(message === undefined ? {} : { message }),
  });
  if (interactions.length === 0) return { results: [], raw: '' };
  if (!target.stateChangeUrl)
    return {
      results: interactions.map((i) =>
        result(i, 'skipped', 'every interaction has a provider state: pass --state-change-url'),
      ),
      raw: '',
    };
  const files = [...new Set(interactions.map((i) => i.file))];
  // Only the selected interactions are replayed when they are not whole files (verify --only).
  const whole = files.every((f) => pactInteractions(f).length === interactions.filter((i) => i.file === f).length);
  const only = whole ? undefined : descriptionFilter(interactions.map((i) => i.description));
  const pacts = pactsSignedBy(files, target.credentials);
  const run = await runWorker({ ...target, pactUrls: pacts.files }, only).finally(pacts.done);
  let parsed: VerifierJson | undefined;
  try {
    parsed = run.message ? (JSON.parse(run.message.json) as VerifierJson) : undefined;
  } catch {
    parsed = undefined;
  }
  if (parsed?.interactionResults === undefined) {
    const why = run.message?.json ?? `the Pact verifier exited with ${run.code} and no result`;
    const elapsed = performance.now() - started;
    return {
      results: interactions.map((i) =>
        result(i, 'failed', `the Pact verifier failed: ${why}`, elapsed / interactions.length),
      ),
      raw: run.raw,
    };
  }
  const byName = new Map(parsed.interactionResults.map((r) => [`${r.consumer} › ${r.description}`, r]));
  const results = interactions.map((i) => {
    const r = byName.get(i.name);
    if (r === undefined) return result(i, 'failed', 'the Pact verifier did not report this interaction');
    const ms = Number.parseFloat(r.duration ?? '0') || 0;
    if (r.result === 'OK') return result(i, 'passed', undefined, ms);
    const states = r.providerStates?.length ? ` (provider states: ${r.providerStates.join('; ')})` : '';
    const why = r.mismatch ? problemText(r.mismatch) : `the verifier says ${r.result}`;
    const failed = result(i, 'failed', r.mismatch?.mismatches ? why : `${why}${states}`, ms);
    const code = r.mismatch?.mismatches?.find((m) => m.path === '$.Code')?.actual;
    return code === undefined ? failed : { ...failed, answerCode: String(JSON.parse(code)) };
  });
  return { results, raw: run.raw };
}

/**
 * The interactions of today's edition; for a pact file whose interactions the provider fails, the same
 * consumer's pact of each other edition (`<dir>/<edition>/<file>`, as contracts/older-zh-CN/): a provider that
 * passes every interaction of that pact conforms to that edition, so today's failures of the file pass, with a
 * warning naming the edition matched.
 */
export async function verifyPactEditions(
  interactions: PactInteraction[],
  target: { providerUrl: string; stateChangeUrl?: string | undefined; credentials: Credentials },
): Promise<{ results: CaseResult[]; raw: string }> {
  const today = await verifyPacts(interactions, target);
  const results = [...today.results];
  let { raw } = today;
  const failing = [...new Set(interactions.filter((_, n) => results[n]?.status === 'failed').map((i) => i.file))];
  for (const file of failing) {
    for (const edition of EDITIONS) {
      const other = join(dirname(file), edition, basename(file));
      if (edition === DEFAULT_EDITION || !existsSync(other)) continue;
      const there = await verifyPacts(pactInteractions(other), target);
      raw += there.raw;
      if (there.results.length === 0 || there.results.some((r) => r.status !== 'passed')) continue;
      const warning = `answered as edition ${edition} of the page (every interaction of ${edition}/${basename(file)} passes), not ${DEFAULT_EDITION}`;
      interactions.forEach((i, n) => {
        const failed = results[n];
        if (i.file !== file || failed?.status !== 'failed') return;
        const { message: _, answerCode: __, ...rest } = failed;
        results[n] = { ...rest, status: 'passed', warning };
      });
      break;
    }
  }
  return { results, raw };
}
