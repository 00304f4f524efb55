/**
 * The Go and Ruby clients from Debian's packages (aliyungo; fog-aliyun), built and graded by check-client on
 * every scenario: each scenario's verdict must be the one locked in the table beside the driver
 * (examples/drivers/<driver>/expected-verdicts.md), and a change is shown as a diff, scenario by scenario.
 * Skipped, with the reason, where a package is missing. Graded with --persistent (a driver per job, a call
 * per line); `npm run test:drivers`, which .ci/run runs after npm test, also grades each mode run once per
 * scenario, against the same table, and grades fog-aliyun (Ruby starts slowly: about 30 s of CPU for its
 * two modes run once per scenario).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  type CaseVerdict,
  type DebianDriver,
  debianDrivers,
  readVerdicts,
  verdictsMarkdown,
  verdictText,
} from '../../examples/drivers/drivers.mjs';
import { clientCases } from '../../src/cli/check-client/cases.js';
import { runCli } from '../support/cli.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const SLOW = new Set(['ruby-fog-aliyun']);
const all = process.env.CHECK_CLIENT_ALL_DRIVERS === '1';
const update = process.env.UPDATE_VERDICTS === '1';
/** How check-client runs the driver: --persistent always; once per scenario too in npm run test:drivers. */
const ways: Array<{ way: string; flags: string[] }> = [
  { way: '--persistent', flags: ['--persistent'] },
  ...(all ? [{ way: 'once per scenario', flags: [] }] : []),
];

/** Every changed verdict, one line each: the scenario, the mode, what the table says and what was graded. */
function verdictDiff(driver: DebianDriver, runs: Record<string, CaseVerdict[]>, way: string): string[] {
  const locked = readVerdicts(driver.expected);
  const lines: string[] = [];
  for (const c of clientCases)
    for (const mode of driver.modes) {
      const want = locked.get(c.name)?.get(mode.column) ?? '(not in the table)';
      const graded = runs[mode.column]?.find((r) => r.name === c.name);
      const got = graded === undefined ? '(not graded)' : verdictText(graded);
      if (want !== got) lines.push(`- ${c.name} [${mode.column}, ${way}]: locked '${want}', graded '${got}'`);
    }
  return lines;
}

describe.each(debianDrivers)('$id from Debian, graded on every scenario', (driver) => {
  const missing = driver.missing();
  const slow = SLOW.has(driver.id) && !all;
  const reason =
    missing !== undefined
      ? `${missing}`
      : slow
        ? 'skipped in npm test: slow to start; npm run test:drivers grades it'
        : '';
  it.skipIf(missing !== undefined || slow)(
    `grades every scenario as expected-verdicts.md locks it${reason === '' ? '' : ` (${reason})`}`,
    async () => {
      const dir = join(root, '.tmp/drivers', driver.id);
      mkdirSync(dir, { recursive: true });
      driver.build(dir);
      const graded = await Promise.all(
        ways.map(async ({ way, flags }) => {
          const runs: Record<string, CaseVerdict[]> = {};
          await Promise.all(
            driver.modes.map(async (mode) => {
              const json = join(dir, `${mode.column}${flags.join('')}.json`);
              const result = await runCli([
                'check-client',
                ...flags,
                '--driver',
                mode.command(dir),
                '--name',
                mode.label,
                '--json',
                json,
              ]);
              expect(result.code, result.stderr).toBeLessThanOrEqual(1);
              runs[mode.column] = (JSON.parse(readFileSync(json, 'utf8')) as { cases: CaseVerdict[] }).cases;
            }),
          );
          return { way, runs };
        }),
      );
      if (update) writeFileSync(driver.expected, verdictsMarkdown(driver, (graded[0] as (typeof graded)[0]).runs));
      const diff = graded.flatMap(({ way, runs }) => verdictDiff(driver, runs, way));
      expect(
        diff,
        `${driver.id}: ${diff.length} verdict(s) changed against ${driver.expected}:\n${diff.join('\n')}\n(UPDATE_VERDICTS=1 npm run test:drivers rewrites the table after a deliberate change)`,
      ).toEqual([]);
    },
    180_000,
  );
});
