/**
 * `npm run stress [-- --seconds N --deaf N]`: the attacks of test/reliability/attacks.ts at full size against the
 * real `serve` binary: a journal of 200 requests of 1 MiB, then deaf clients that pipeline GET /_sim/requests,
 * GET /_sim/world and CreateSnapshot and never read, kept open for --seconds (default 40, past the
 * write timeout of 30 s), while a health check runs every second. Prints what it sent and what the server
 * held (RSS), and exits 1 if the server died, a health check failed or the RSS passed --max-rss-mib (400).
 */
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { deafClient, fillJournal, health, rssOf } from '../test/reliability/attacks.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '40' },
    deaf: { type: 'string', default: '10' },
    'max-rss-mib': { type: 'string', default: '400' },
  },
});
const seconds = Number(values.seconds);
const deafCount = Number(values.deaf);
const maxRss = Number(values['max-rss-mib']) * 2 ** 20;
const mib = (n: number) => `${(n / 2 ** 20).toFixed(0)} MiB`;

const child = spawn(
  process.execPath,
  ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--port', '0', '--log', 'quiet'],
  {
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
const port = await new Promise<number>((resolve, reject) => {
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d;
    const m = /listening on http:\/\/[^:]+:(\d+)/.exec(out);
    if (m) resolve(Number(m[1]));
  });
  child.on('exit', (code) => reject(new Error(`serve exited ${code}`)));
});
const pid = child.pid as number;
console.log(`serve on port ${port} (pid ${pid}), RSS at start ${mib(rssOf(pid))}`);

await fillJournal(port, 200, 2 ** 20);
console.log(`sent 200 CreateSnapshot requests with 1 MiB bodies; RSS ${mib(rssOf(pid))}`);

await fetch(`http://127.0.0.1:${port}/_sim/faults`, {
  method: 'PUT',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ rules: [{ action: 'CreateSnapshot', delayMs: 10_000, times: 1 }] }),
});
void fetch(`http://127.0.0.1:${port}/?Action=CreateSnapshot`).catch(() => undefined);

const paths = ['/_sim/requests', '/_sim/world', '/?Action=CreateSnapshot'];
const deaf = await Promise.all(
  Array.from({ length: deafCount }, (_, i) => deafClient(port, paths[i % paths.length] as string, 100_000)),
);
const written = deaf.reduce((sum, d) => sum + d.written, 0);
console.log(`${deafCount} deaf clients pipelined ${mib(written)} of requests (${paths.join(', ')}) and read nothing`);

let peak = 0;
let failures = 0;
let closed = 0;
for (const d of deaf) d.socket.on('close', () => closed++);
for (let s = 1; s <= seconds && child.exitCode === null; s++) {
  await new Promise((r) => setTimeout(r, 1000));
  const status = await health(port, 2000);
  if (status !== 200) failures++;
  const rss = child.exitCode === null ? rssOf(pid) : 0;
  peak = Math.max(peak, rss);
  if (s % 5 === 0 || status !== 200)
    console.log(
      `  ${s} s: RSS ${mib(rss)}, health ${status}, deaf clients closed by the server ${closed}/${deafCount}`,
    );
}
for (const d of deaf) d.socket.destroy();
const alive = child.exitCode === null;
console.log(
  `held: peak RSS ${mib(peak)} (bound ${mib(maxRss)}); ${failures} failed health checks; server ${alive ? 'up' : 'DEAD'}`,
);
child.kill('SIGTERM');
process.exit(alive && failures === 0 && peak < maxRss ? 0 : 1);
