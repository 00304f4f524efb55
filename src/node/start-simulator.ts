/**
 * A simulator server for one test run: `startSimulator()` in a vitest `globalSetup` (or jest's), or per test
 * file in `beforeAll`. It listens on a free port of 127.0.0.1 and gives the URL, the test credentials, the
 * control plane and `close()`. Parallel test files share one server safely by each signing with a key of their
 * own (`testAccessKey()`): every such key has its own world (core/tenants.ts).
 *
 *   // vitest.config.ts: test.globalSetup = ['./test/simulator-setup.ts']
 *   export default async function () {
 *     const simulator = await startSimulator();
 *     process.env.ECS_SIMULATOR_URL = simulator.url;
 *     return simulator.close;
 *   }
 */
import { Simulator, type SimulatorOptions } from '../core/simulator.js';
import { testAccessKey } from '../core/tenants.js';
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, parseWorldDocument } from '../core/world-document.js';
import { type RemoteControls, remoteControls } from './remote-controls.js';
import { createSimulatorServer, listen, type ServerOptions } from './server.js';

export interface StartSimulatorOptions {
  /** A World document to start from (and go back to on reset) instead of the default world. */
  world?: unknown;
  /** 0 (a free port) by default. */
  port?: number;
  /** 127.0.0.1 by default. */
  host?: string;
  simulatorOptions?: Partial<SimulatorOptions>;
  serverOptions?: ServerOptions;
}

export interface RunningSimulator {
  /** `http://127.0.0.1:PORT`: the endpoint for clients, and the base of /_sim/. */
  url: string;
  /** `127.0.0.1:PORT`, as SDKs that take an endpoint without a scheme want it. */
  endpoint: string;
  port: number;
  /** The default test key: the main world's. */
  accessKeyId: string;
  accessKeySecret: string;
  /** The control plane of the main world. */
  controls: RemoteControls;
  /** A fresh key with a world of its own, and the control plane of that world. */
  testKey(label?: string): { accessKeyId: string; accessKeySecret: string; controls: RemoteControls };
  /** The simulator served, in process. */
  simulator: Simulator;
  /** Stops the server, closing open connections. */
  close(): Promise<void>;
}

/** `startSimulator({ world })` with a document that is not a valid World: every problem, naming its field. */
export class InvalidWorldDocument extends Error {
  override name = 'InvalidWorldDocument';
  constructor(readonly errors: string[]) {
    super(`world: not a valid World document:\n  ${errors.join('\n  ')}`);
  }
}

export async function startSimulator(options: StartSimulatorOptions = {}): Promise<RunningSimulator> {
  let initialWorld: SimulatorOptions['initialWorld'];
  if (options.world !== undefined) {
    const document = options.world;
    const first = parseWorldDocument(document, Date.now());
    if (!first.ok) throw new InvalidWorldDocument(first.errors);
    initialWorld = (now) => {
      const parsed = parseWorldDocument(document, now);
      if (!parsed.ok) throw new InvalidWorldDocument(parsed.errors);
      return parsed.world;
    };
  }
  const simulator = new Simulator({
    wallClock: Date,
    ...(initialWorld === undefined ? {} : { initialWorld }),
    ...options.simulatorOptions,
  });
  const server = createSimulatorServer(simulator, options.serverOptions);
  const address = await listen(server, options.port ?? 0, options.host ?? '127.0.0.1');
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const endpoint = `${host}:${address.port}`;
  const url = `http://${endpoint}`;
  let closed: Promise<void> | undefined;
  return {
    url,
    endpoint,
    port: address.port,
    accessKeyId: DEFAULT_ACCESS_KEY_ID,
    accessKeySecret: DEFAULT_ACCESS_KEY_SECRET,
    controls: remoteControls(url),
    testKey(label) {
      const key = testAccessKey(label);
      return { ...key, controls: remoteControls(url, key.accessKeyId) };
    },
    simulator,
    close() {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
