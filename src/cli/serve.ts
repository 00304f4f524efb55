/** `ecs-conformance serve`: the standalone simulator. */
import { readFileSync } from 'node:fs';
import { defaultFixtures } from '../core/default-world.js';
import { Simulator } from '../core/simulator.js';
import type { World } from '../core/world.js';
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, parseWorldDocument } from '../core/world-document.js';
import { createSimulatorServer, listen } from '../node/server.js';
import { parseFlags, portFlag, UsageError } from './usage.js';

const HELP = `Usage: ecs-conformance serve [--port N] [--host H] [--world FILE] [--no-control-plane]

Runs the CreateSnapshot simulator over HTTP.
  --port N             port to listen on (default 8080; 0 = a free port)
  --host H             address to bind (default 127.0.0.1)
  --world FILE         start from this World document (JSON, openapi/world.schema.json) instead of the default world
  --no-control-plane   do not serve /_sim/ (health, reset, world, clock, faults, requests)
  --help               this text

Prints 'listening on http://HOST:PORT' when ready. SIGINT or SIGTERM stops it.`;

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
  // The first start uses the world just checked (a large world is parsed once); a reset parses it again.
  let unused: World | undefined = first.world;
  return (now) => {
    if (unused !== undefined) {
      const world = unused;
      unused = undefined;
      return world;
    }
    const parsed = parseWorldDocument(document, now);
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    return parsed.world;
  };
}

export async function serve(argv: string[]): Promise<number> {
  const flags = parseFlags(argv, {
    port: { type: 'string' },
    host: { type: 'string' },
    world: { type: 'string' },
    'no-control-plane': { type: 'boolean' },
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
  const server = createSimulatorServer(sim, { controlPlane: !flags['no-control-plane'] });
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
    console.log(`\nworld: ${flags.world} (${sim.world().disks.length} disks)`);
  }
  const stop = () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return -1; // keep running
}
