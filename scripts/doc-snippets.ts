/**
 * The code blocks of the user docs (README.md, contracts/README.md, examples/drivers/README.md), and running
 * them. Every block's info string says what it is:
 *   ```js run [server] [expect=REGEX]   executed as an ES module (node FILE.mjs) in a project where the package
 *                                       is installed; must exit 0 and, with expect=, print a match of REGEX
 *   ```json                             parsed (a document, or one document per line)
 *   ```LANG illustration                not run (a shell session, a CI workflow, a driver for your own client);
 *                                       yaml ones are still parsed
 * With `server`, a simulator (`ecs-conformance serve --port 0`) is started for the block, and the docs'
 * placeholders are replaced before it runs: 127.0.0.1:8080 (the simulator) and http://127.0.0.1:9000 ("your
 * service") by its address, /_test/state by /_sim/pact-state, YOUR_TEST_KEY / YOUR_TEST_SECRET by its test key.
 *
 * npm test runs the blocks against the built package (the snippets are written under .tmp/, inside this
 * package, where its name resolves to itself); `npm run pack-smoke` runs them in a fresh project that installed
 * the tarball:   node --import tsx scripts/doc-snippets.ts --cwd DIR --cli "COMMAND" [--grep REGEX]
 * (--grep: only the blocks whose text matches REGEX, e.g. "from 'msw" for the MSW ones).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET } from '../src/core/world-document.js';

export const DOCS = ['README.md', 'contracts/README.md', 'examples/drivers/README.md'];
const root = fileURLToPath(new URL('../', import.meta.url));

export interface CodeBlock {
  /** `README.md:42`: the file and the line of the opening fence. */
  where: string;
  lang: string;
  tags: string[];
  body: string;
}

export function codeBlocks(file: string, markdown: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^(`{3,})(.*)$/.exec(lines[i] as string);
    if (!open) continue;
    const fence = open[1] as string;
    const [lang = '', ...tags] = (open[2] as string).trim().split(/\s+/);
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !(lines[i] as string).startsWith(fence); i++) body.push(lines[i] as string);
    blocks.push({ where: `${file}:${start + 1}`, lang, tags, body: `${body.join('\n')}\n` });
  }
  return blocks;
}

export function docBlocks(): CodeBlock[] {
  return DOCS.flatMap((file) => codeBlocks(file, readFileSync(join(root, file), 'utf8')));
}

export const isRun = (b: CodeBlock) => b.tags.includes('run');

function expectation(b: CodeBlock): RegExp | undefined {
  const tag = b.tags.find((t) => t.startsWith('expect='));
  return tag === undefined ? undefined : new RegExp(tag.slice('expect='.length));
}

function collect(child: ChildProcess): Promise<{ code: number | null; output: string }> {
  let output = '';
  child.stdout?.on('data', (d: Buffer) => {
    output += d;
  });
  child.stderr?.on('data', (d: Buffer) => {
    output += d;
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, output })));
}

async function startServer(cli: string[]): Promise<{ url: string; stop: () => void }> {
  const child = spawn(cli[0] as string, [...cli.slice(1), 'serve', '--port', '0'], { stdio: 'pipe' });
  const url = await new Promise<string>((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (d: Buffer) => {
      text += d;
      const m = /^listening on (\S+)/m.exec(text);
      if (m) resolve(m[1] as string);
    });
    child.on('exit', (code) => reject(new Error(`ecs-conformance serve exited with ${code}: ${text}`)));
  });
  return { url, stop: () => child.kill() };
}

export function substitute(body: string, url: string): string {
  const host = new URL(url).host;
  return body
    .replaceAll('http://127.0.0.1:9000/_test/state', `${url}/_sim/pact-state`)
    .replaceAll('http://127.0.0.1:9000', url)
    .replaceAll('127.0.0.1:8080', host)
    .replaceAll('YOUR_TEST_KEY', DEFAULT_ACCESS_KEY_ID)
    .replaceAll('YOUR_TEST_SECRET', DEFAULT_ACCESS_KEY_SECRET);
}

/** Runs one `run` block in `cwd`; the problem, or undefined when it did what it should. */
export async function runBlock(
  b: CodeBlock,
  options: { cwd: string; cli: string[]; timeoutMs?: number },
): Promise<string | undefined> {
  const server = b.tags.includes('server') ? await startServer(options.cli) : undefined;
  try {
    const file = join(options.cwd, `doc-${b.where.replace(/[^a-z0-9]+/gi, '-')}.mjs`);
    writeFileSync(file, server ? substitute(b.body, server.url) : b.body);
    const child = spawn(process.execPath, [file], { cwd: options.cwd, stdio: 'pipe', env: process.env });
    const timer = setTimeout(() => child.kill(), options.timeoutMs ?? 60_000);
    const { code, output } = await collect(child);
    clearTimeout(timer);
    if (code !== 0) return `${b.where}: exit ${code}\n${output}`;
    const want = expectation(b);
    if (want && !want.test(output)) return `${b.where}: output does not match ${want}\n${output}`;
    return undefined;
  } finally {
    server?.stop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: { cwd: { type: 'string' }, cli: { type: 'string' }, grep: { type: 'string' } },
  });
  if (!values.cwd || !values.cli) throw new Error('usage: doc-snippets.ts --cwd DIR --cli "COMMAND" [--grep REGEX]');
  mkdirSync(values.cwd, { recursive: true });
  const grep = new RegExp(values.grep ?? '');
  let failed = 0;
  for (const b of docBlocks().filter((b) => isRun(b) && grep.test(b.body))) {
    const problem = await runBlock(b, { cwd: values.cwd, cli: values.cli.split(' ') });
    console.log(problem === undefined ? `ok   ${b.where}` : `FAIL ${problem}`);
    if (problem !== undefined) failed++;
  }
  process.exitCode = failed === 0 ? 0 : 1;
}
