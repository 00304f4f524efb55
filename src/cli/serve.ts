/** `ecs-conformance serve`: the standalone simulator. */
import { readFileSync, statSync } from 'node:fs';
import { defaultFixtures } from '../core/default-world.js';
import { Simulator } from '../core/simulator.js';
import type { World } from '../core/world.js';
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, parseWorldDocument } from '../core/world-document.js';
import { collectGarbage } from '../node/collect-garbage.js';
import { createSimulatorServer, listen } from '../node/server.js';
import { openStateFile, type StateFile, StateFileError } from '../node/state-file.js';
import { controlHosts } from '../protocol/control-plane.js';
import { parseFlags, portFlag, UsageError } from './usage.js';

/** A world file larger than this is followed by a garbage collection before the server listens. */
const LARGE_WORLD_BYTES = 8 * 2 ** 20;

const HELP = `Usage: ecs-conformance serve [--port N] [--host H] [--world FILE] [--state-file FILE] [--no-control-plane]
                             [--allowed-host NAME]... [--control-token TOKEN]

Runs the CreateSnapshot simulator over HTTP.
  --port N             port to listen on (default 8080; 0 = a free port)
  --host H             address to bind (default 127.0.0.1)
  --world FILE         start from this World document (JSON, openapi/world.schema.json) instead of the default world
  --state-file FILE    keep the world in FILE across restarts: loaded from it when it exists (else the
                       default world or --world, and FILE is created); every change is written before its
                       answer is sent (FILE.log, compacted into FILE), so even a killed process loses nothing
                       it acknowledged. POST /_sim/reset goes back to the default world or --world, saved too.
                       FILE.lock keeps a second server off the same file
  --no-control-plane   do not serve /_sim/ (health, reset, world, clock, faults, requests)
  --allowed-host NAME  another Host name the control plane answers to (repeatable); by default only
                       127.0.0.1, localhost, [::1] and --host. The API answers any Host
  --control-token T    require header x-sim-control-token: T on every /_sim/ call but health
                       (advised with a --host other than loopback: the server warns without it)
  --help               this text

Prints 'listening on http://HOST:PORT' when ready. SIGINT or SIGTERM stops it.`;

function isLoopback(address: string): boolean {
  return address === '::1' || address.startsWith('127.') || address === '::ffff:127.0.0.1';
}

function worldFromFile(path: string): (now: number) => World {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`--world: cannot read ${path}: ${(error as Error).message}`);
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--world: ${path} is not JSON: ${(error as Error).message}`);
  }
  const first = parseWorldDocument(document, Date.now());
  if (!first.ok)
    throw new UsageError(`--world: ${path} is not a valid World document:\n  ${first.errors.join('\n  ')}`);
  // The first start uses the world just checked (a large world is parsed once); a reset parses the text again.
  // The text is what is kept for that, not the parsed document: for a large world, that is several times smaller.
  let unused: World | undefined = first.world;
  document = undefined;
  return (now) => {
    if (unused !== undefined) {
      const world = unused;
      unused = undefined;
      return world;
    }
    const parsed = parseWorldDocument(JSON.parse(text), now);
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    return parsed.world;
  };
}

function stateFile(sim: Simulator, path: string): StateFile {
  try {
    return openStateFile(sim, path);
  } catch (error) {
    if (error instanceof StateFileError) throw new UsageError(`--state-file: ${error.message}`);
    throw error;
  }
}

export async function serve(argv: string[]): Promise<number> {
  const flags = parseFlags(argv, {
    port: { type: 'string' },
    host: { type: 'string' },
    world: { type: 'string' },
    'state-file': { type: 'string' },
    'no-control-plane': { type: 'boolean' },
    'allowed-host': { type: 'string', multiple: true },
    'control-token': { type: 'string' },
    help: { type: 'boolean' },
  });
  if (flags.help) {
    console.log(HELP);
    return 0;
  }
  const port = portFlag(flags.port, 8080);
  const host = flags.host ?? '127.0.0.1';
  const initialWorld = flags.world === undefined ? undefined : worldFromFile(flags.world);
  const sim = new Simulator({ wallClock: Date, ...(initialWorld ? { initialWorld } : {}) });
  // What loading a large world left behind goes now, not at some point under load.
  if (flags.world !== undefined && statSync(flags.world).size > LARGE_WORLD_BYTES) collectGarbage();
  const store = flags['state-file'] === undefined ? undefined : stateFile(sim, flags['state-file']);
  const token = flags['control-token'];
  if (token !== undefined && !/^[\x21-\x7e]{16,256}$/.test(token))
    throw new UsageError('--control-token: must be 16 to 256 printable ASCII characters, no spaces');
  for (const name of flags['allowed-host'] ?? []) {
    if (!/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]{1,253})$/.test(name))
      throw new UsageError(`--allowed-host: '${name.slice(0, 100)}' is not a host name (no port, IPv6 in brackets)`);
  }
  const controlGuard = { hosts: controlHosts(host, flags['allowed-host']), token };
  const server = createSimulatorServer(sim, { controlPlane: !flags['no-control-plane'], controlGuard });
  // Before listening: a signal that comes as soon as the banner is out still compacts and releases the lock.
  const stop = () => {
    let code = 0;
    try {
      store?.close(); // a last compaction: the next start reads one file
    } catch (error) {
      console.error(`--state-file: cannot write ${store?.path}: ${(error as Error).message}`);
      code = 1;
    }
    server.close(() => process.exit(code));
    server.closeAllConnections();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const address = await listen(server, port, host).catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`--port/--host: cannot listen on ${host}:${port}: ${error.code ?? error.message}`);
  });
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  console.log(`listening on http://${shown}:${address.port}`);
  console.log(`\ncredentials: AccessKeyId=${DEFAULT_ACCESS_KEY_ID} AccessKeySecret=${DEFAULT_ACCESS_KEY_SECRET}`);
  if (initialWorld === undefined) {
    console.log('\nfixture disks (CreateSnapshot with this DiskId answers):');
    for (const f of defaultFixtures) console.log(`  ${f.diskId.padEnd(30)} ${f.answer.padEnd(48)} ${f.why}`);
  } else {
    // Counted on the state: world() would copy every snapshot of a large world just for this line.
    sim.state.settle(sim.now());
    console.log(`\nworld: ${flags.world} (${sim.state.disks.size} disks)`);
  }
  if (store !== undefined) console.log(`\nstate file: ${store.path} (${store.restored ? 'restored' : 'created'})`);
  if (!isLoopback(address.address) && !flags['no-control-plane'])
    console.error(
      `\nwarning: listening on ${shown}, not a loopback address: anyone who can reach it can use the API${token === undefined ? ' and the control plane (reset, world with its secrets); pass --control-token TOKEN to require a token' : ''}. The control plane answers only to the Host names ${[...controlGuard.hosts].join(', ')} (add others with --allowed-host)`,
    );
  return -1; // keep running
}
