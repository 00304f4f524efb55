/** `ecs-conformance serve`: the standalone simulator. */
import { existsSync, statSync } from 'node:fs';
import { DEFAULT_EDITION, EDITIONS, type Edition, isEdition } from '../catalogue.js';
import { Simulator } from '../core/simulator.js';
import { collectGarbage } from '../node/collect-garbage.js';
import { createSimulatorServer, listen } from '../node/server.js';
import { openStateFile, type StateFile, StateFileError } from '../node/state-file.js';
import { controlHosts } from '../protocol/control-plane.js';
import { LOG_LEVELS, type LogLevel, logRequests } from './request-log.js';
import { servedWorldBanner } from './serve-banner.js';
import { parseFlags, portFlag, UsageError } from './usage.js';
import { worldFromFile } from './world-file.js';

/** A world file larger than this is followed by a garbage collection before the server listens. */
const LARGE_WORLD_BYTES = 8 * 2 ** 20;

const HELP = `Usage: ecs-conformance serve [--port N] [--host H] [--world FILE] [--state-file FILE] [--edition E] [--log LEVEL] [--no-control-plane]
                             [--allowed-host NAME]... [--control-token TOKEN]

Runs the CreateSnapshot simulator over HTTP.
  --port N             port to listen on (default: the PORT environment variable, else 8080; 0 = a free port)
  --host H             address to bind (default 127.0.0.1)
  --world FILE         start from this World document (JSON, openapi/world.schema.json) instead of the default world
  --state-file FILE    keep the world in FILE across restarts: loaded from it when it exists (else the
                       default world or --world, and FILE is created); every change is written before its
                       answer is sent (FILE.log, compacted into FILE), so even a killed process loses nothing
                       it acknowledged. POST /_sim/reset goes back to the default world or --world, saved too.
                       --world with a FILE that exists is refused: the world would come from FILE
  --edition E          the edition of the official page to answer: ${EDITIONS.join(' or ')} (default
                       ${DEFAULT_EDITION}, today's); a World document's "edition" field overrides it
  --log LEVEL          requests (default): a line per API request (time, method, action, DiskId, answer);
                       verbose: also the RequestId, the signature verdict and why a request was refused
                       (the check, the World field, the string to sign); quiet: nothing per request
                       FILE.lock keeps a second server off the same file
  --no-control-plane   do not serve /_sim/
  --allowed-host NAME  another Host name the control plane answers to (repeatable); by default only
                       127.0.0.1, localhost, [::1] and --host. The API answers any Host
  --control-token T    require header x-sim-control-token: T on every /_sim/ call but health
                       (advised with a --host other than loopback: the server warns without it)
  --help               this text

Control plane (/_sim/, JSON; add ?accessKeyId=KEY, or the header x-sim-access-key-id, to act on the world
of a test key instead of the main world):
  GET  /_sim/health          {"status":"ok"}
  POST /_sim/reset           back to the initial world and the wall clock; faults cleared (not the journal)
  GET  /_sim/world           the world as a World document;  PUT /_sim/world  replaces it
  POST /_sim/clock           {"advanceSeconds": N} or {"now": "<ISO 8601>"}
  GET  /_sim/faults          the pending fault rules;  PUT /_sim/faults  {"rules": [...]} replaces them
  GET  /_sim/requests        the journal of the last requests, with why each refusal happened
  DELETE /_sim/requests      empties the journal
  POST /_sim/pact-state      Pact's state-change call: {"state": "...", "params": {...}, "action": "setup"}
                             (the provider states of contracts/; use it as verify's --state-change-url)

Test keys: every AccessKeyId LTAI5tSimulatorTestKey<1-40 letters or digits> (but the default ...01) gets a
world of its own, copied from the initial world on first use, with the default test secret: parallel tests
that each sign with their own key never see each other's snapshots, clock, faults or journal.

Prints 'listening on http://HOST:PORT' when ready, then the credentials and disks of the world served.
SIGINT or SIGTERM stops it.`;

function isLoopback(address: string): boolean {
  return address === '::1' || address.startsWith('127.') || address === '::ffff:127.0.0.1';
}

function stateFile(sim: Simulator, path: string): StateFile {
  try {
    return openStateFile(sim, path);
  } catch (error) {
    if (error instanceof StateFileError) throw new UsageError(`--state-file: ${error.message}`);
    throw error;
  }
}

function logLevel(value: string | undefined): LogLevel {
  if (value === undefined) return 'requests';
  if ((LOG_LEVELS as readonly string[]).includes(value)) return value as LogLevel;
  throw new UsageError(`--log must be one of ${LOG_LEVELS.join(', ')}, got '${value}'`);
}

export async function serve(argv: string[]): Promise<number> {
  const flags = parseFlags(argv, {
    port: { type: 'string' },
    host: { type: 'string' },
    world: { type: 'string' },
    'state-file': { type: 'string' },
    log: { type: 'string' },
    'no-control-plane': { type: 'boolean' },
    edition: { type: 'string' },
    'allowed-host': { type: 'string', multiple: true },
    'control-token': { type: 'string' },
    help: { type: 'boolean' },
  });
  if (flags.help) {
    console.log(HELP);
    return 0;
  }
  const port = portFlag(flags.port, 8080, process.env.PORT);
  const host = flags.host ?? '127.0.0.1';
  const log = logLevel(flags.log);
  if (flags.world !== undefined && flags['state-file'] !== undefined && existsSync(flags['state-file']))
    throw new UsageError(
      `--world and --state-file: ${flags['state-file']} exists, so the world would be restored from it and --world ignored. ` +
        `Leave out --world to go on from ${flags['state-file']}, or remove it (and ${flags['state-file']}.log) to start from ${flags.world}`,
    );
  if (flags.edition !== undefined && !isEdition(flags.edition))
    throw new UsageError(`--edition must be one of ${EDITIONS.join(', ')}, got '${flags.edition}'`);
  const edition: Edition = flags.edition ?? DEFAULT_EDITION;
  const initialWorld = flags.world === undefined ? undefined : worldFromFile(flags.world);
  const sim = new Simulator({ wallClock: Date, edition, ...(initialWorld ? { initialWorld } : {}) });
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
  let stopLog = () => {};
  const stop = () => {
    stopLog();
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
    if (error.code === 'EADDRINUSE')
      throw new UsageError(
        `${flags.port === undefined && process.env.PORT ? 'PORT' : '--port'}: port ${port} on ${host} is already in use (EADDRINUSE): stop what listens there, or pass --port 0 for a free port`,
      );
    throw new UsageError(`--port/--host: cannot listen on ${host}:${port}: ${error.code ?? error.message}`);
  });
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  console.log(`listening on http://${shown}:${address.port}`);
  const source = store?.restored
    ? `restored from the state file ${store.path}`
    : flags.world !== undefined
      ? `--world ${flags.world}`
      : 'the default world';
  console.log(servedWorldBanner(sim, source));
  console.log(`\nedition: ${sim.edition()}`);
  if (store !== undefined) console.log(`\nstate file: ${store.path} (${store.restored ? 'restored' : 'created'})`);
  if (log !== 'quiet') console.log(`\nrequests (--log ${log}; --log quiet for none):`);
  stopLog = logRequests(sim, log, (text) => process.stdout.write(text));
  if (!isLoopback(address.address) && !flags['no-control-plane'])
    console.error(
      `\nwarning: listening on ${shown}, not a loopback address: anyone who can reach it can use the API${token === undefined ? ' and the control plane (reset, world with its secrets); pass --control-token TOKEN to require a token' : ''}. The control plane answers only to the Host names ${[...controlGuard.hosts].join(', ')} (add others with --allowed-host)`,
    );
  return -1; // keep running
}
