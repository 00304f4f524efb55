/**
 * Every driver of this folder, for the matrix (matrix.mjs) and the locked-verdict test
 * (test/drivers/debian-drivers.test.ts): the Node.js ones, run from here; the Go and Ruby ones, built from
 * Debian's packages, each mode with its column in the verdict table committed beside its driver.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const here = fileURLToPath(new URL('.', import.meta.url));
const quote = (parts) => parts.map((p) => JSON.stringify(p)).join(' ');

/** [label, file and arguments] of the Node.js drivers, run with this Node. */
export const nodeDrivers = [
  ['reference client (V3, retries on)', 'reference-client.mjs'],
  ['@alicloud/ecs20140526 7.11.6 (V3)', 'alicloud-ecs20140526.mjs'],
  ['@alicloud/ecs20140526 7.11.6 (V1, signatureAlgorithm v2)', 'alicloud-ecs20140526.mjs --v2'],
  ['@alicloud/ecs20140526 7.11.6 (V3, retryOptions on)', 'alicloud-ecs20140526.mjs --retry'],
  ['@alicloud/pop-core 1.8.0 (GET)', 'alicloud-pop-core.mjs'],
  ['@alicloud/pop-core 1.8.0 (POST)', 'alicloud-pop-core.mjs --post'],
].map(([label, driver]) => {
  const [file, ...args] = driver.split(' ');
  return { label, command: quote([process.execPath, join(here, file), ...args]) };
});

const onPath = (command) => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
const GOPATH = '/usr/share/gocode';
const ALIYUNGO = `${GOPATH}/src/github.com/denverdino/aliyungo`;

/**
 * The Debian clients. `missing()` says why one cannot run here (undefined when it can); `build(dir)`
 * makes what its modes run (throws with the tool's output if it cannot).
 */
export const debianDrivers = [
  {
    id: 'go-aliyungo',
    packages: 'golang-go golang-github-denverdino-aliyungo-dev',
    missing: () =>
      !onPath('go')
        ? 'no go (apt-get install golang-go)'
        : !existsSync(ALIYUNGO)
          ? `no ${ALIYUNGO} (apt-get install golang-github-denverdino-aliyungo-dev)`
          : undefined,
    build(dir) {
      // Offline, no modules: the Debian package is a GOPATH source tree.
      const run = spawnSync('go', ['build', '-o', join(dir, 'aliyungo-driver'), '.'], {
        cwd: join(here, 'go-aliyungo'),
        env: { ...process.env, GO111MODULE: 'off', GOPATH, GOFLAGS: '', GOCACHE: join(dir, 'go-cache') },
        encoding: 'utf8',
      });
      if (run.status !== 0) throw new Error(`go build of go-aliyungo failed:\n${run.stderr}`);
    },
    expected: join(here, 'go-aliyungo/expected-verdicts.md'),
    modes: [
      {
        column: 'Invoke',
        label: 'aliyungo (Go, Debian 12): generic Invoke',
        command: (dir) => quote([join(dir, 'aliyungo-driver')]),
      },
      {
        column: 'typed',
        label: 'aliyungo (Go, Debian 12): typed CreateSnapshot',
        command: (dir) => quote([join(dir, 'aliyungo-driver'), '-typed']),
      },
    ],
  },
  {
    id: 'ruby-fog-aliyun',
    packages: 'ruby ruby-fog-aliyun',
    missing: () => {
      if (!onPath('ruby')) return 'no ruby (apt-get install ruby)';
      const fog = spawnSync('ruby', ['-e', 'require "fog/aliyun"'], { encoding: 'utf8' });
      return fog.status === 0 ? undefined : 'ruby cannot load fog/aliyun (apt-get install ruby-fog-aliyun)';
    },
    build() {},
    expected: join(here, 'ruby-fog-aliyun/expected-verdicts.md'),
    modes: [
      {
        column: 'packaged',
        label: 'fog-aliyun 0.3.2 (Ruby 3.1, Debian 12): as packaged',
        command: () => quote(['ruby', join(here, 'ruby-fog-aliyun/driver.rb')]),
      },
      {
        column: 'shim',
        label: 'fog-aliyun 0.3.2 (Ruby 3.1, Debian 12): with the URI.encode shim',
        command: () => quote(['ruby', join(here, 'ruby-fog-aliyun/driver.rb'), '--shim']),
      },
    ],
  },
];

/** A case's verdict as the tables say it: `pass`, or `FAIL` and its failed checks. */
export function verdictText(c) {
  return c.status === 'passed' ? 'pass' : ['FAIL', ...(c.failedChecks ?? [])].join(' ');
}

/** The verdict table beside a driver: scenario → column → verdict. */
export function readVerdicts(file) {
  const table = new Map();
  if (!existsSync(file)) return table;
  const rows = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('| ') && !l.startsWith('| scenario |'));
  const header = readFileSync(file, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('| scenario |'));
  const columns = (header ?? '')
    .split(' | ')
    .slice(1)
    .map((c) => c.replace(/ \|$/, ''));
  for (const row of rows) {
    const [name, ...cells] = row.slice(2, -2).split(' | ');
    table.set(name, new Map(columns.map((c, i) => [c, cells[i]])));
  }
  return table;
}

/** Writes the verdict table of a driver's modes: runs[column] = the check-client --json report's cases. */
export function verdictsMarkdown(driver, runs) {
  const columns = driver.modes.map((m) => m.column);
  const names = runs[columns[0]].map((c) => c.name);
  let out = `# Locked verdicts: ${driver.id}\n\n`;
  out += `What check-client must say of each scenario, per driver mode (${driver.modes.map((m) => `${m.column}: ${m.label}`).join('; ')}).\n`;
  out += 'test/drivers/debian-drivers.test.ts fails on any change. After a deliberate change, rewrite it with\n';
  out += '`UPDATE_VERDICTS=1 npm run test:drivers`, and say why in the commit.\n\n';
  out += `| scenario | ${columns.join(' | ')} |\n|---|${columns.map(() => '---').join('|')}|\n`;
  for (const name of names) {
    const cells = columns.map((col) => verdictText(runs[col].find((c) => c.name === name) ?? { status: 'missing' }));
    out += `| ${name} | ${cells.join(' | ')} |\n`;
  }
  return out;
}
