/**
 * The simulator as MSW 2 request handlers, for `setupServer` (Node) and `setupWorker` (browsers).
 * Scoped to the ECS endpoints, so that other traffic (a Pact mock server, your own API) passes by.
 *
 *   const { handlers, simulator, controls } = createSimulatorHandlers();
 *   const server = setupServer(...handlers); server.listen();
 */
import { http } from 'msw';
import {
  type ControlResult,
  moveClock,
  readWorld,
  recentRequests,
  replaceFaults,
  replaceWorld,
  resetWorld,
} from '../core/controls.js';
import type { FaultRule } from '../core/faults.js';
import { Simulator, type SimulatorOptions } from '../core/simulator.js';
import type { WorldDocument } from '../core/world-document.js';
import { CONTROL_PREFIX, handleControlRequest } from '../protocol/control-plane.js';
import { handleApiRequest } from '../protocol/handle-api.js';
import type { Hasher } from '../protocol/hash.js';
import { webHasher } from '../protocol/web-hasher.js';
import type { WireRequest, WireResponse } from '../protocol/wire.js';

/** ecs.aliyuncs.com and ecs.REGION.aliyuncs.com. */
export const DEFAULT_HOSTS: ReadonlyArray<string | RegExp> = ['ecs.aliyuncs.com', /^ecs\.[a-z0-9-]+\.aliyuncs\.com$/];

export interface SimulatorHandlersOptions {
  /** An existing simulator to serve; a new one with the default world otherwise. */
  simulator?: Simulator;
  simulatorOptions?: Partial<SimulatorOptions>;
  /** Host names to answer for (exact strings or patterns). */
  hosts?: ReadonlyArray<string | RegExp>;
  /** Also serve the /_sim/ control plane on those hosts. Default true. */
  controlPlane?: boolean;
  /** WebCrypto by default, which Node 20 and browsers both have. */
  hasher?: Hasher;
}

/** Bad input to an in-process control: the message lists every problem, naming the field and the rule. */
export class InvalidControlInput extends Error {
  override name = 'InvalidControlInput';
  constructor(readonly errors: string[]) {
    super(errors.join('\n'));
  }
}

const orThrow = <T>(result: ControlResult<T>): T => {
  if (!result.ok) throw new InvalidControlInput(result.errors);
  return result.value;
};

/** The control plane, in process: the same operations and checks as the HTTP endpoints under /_sim/. */
export function simulatorControls(sim: Simulator) {
  return {
    reset: () => resetWorld(sim),
    world: (): WorldDocument => readWorld(sim),
    setWorld: (document: unknown): WorldDocument => orThrow(replaceWorld(sim, document)),
    advanceClock: (seconds: number) => orThrow(moveClock(sim, { advanceSeconds: seconds })),
    setNow: (iso: string) => orThrow(moveClock(sim, { now: iso })),
    setFaults: (rules: unknown[]): { rules: FaultRule[] } => orThrow(replaceFaults(sim, { rules })),
    requests: () => recentRequests(sim).requests,
  };
}

const matches = (hosts: ReadonlyArray<string | RegExp>, hostname: string) =>
  hosts.some((h) => (typeof h === 'string' ? h === hostname : h.test(hostname)));

async function toWire(request: Request): Promise<WireRequest> {
  const url = new URL(request.url);
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  // V3 signs the body's bytes: keep them, and their UTF-8 reading for the form parameters.
  const bytes = hasBody ? new Uint8Array(await request.arrayBuffer()) : undefined;
  return {
    method: request.method,
    url: `${url.pathname}${url.search}`,
    // fetch hides the Host header; V3 signs it, so it comes from the URL.
    header: (name) => request.headers.get(name) ?? (name === 'host' ? url.host : undefined),
    body: bytes === undefined ? '' : new TextDecoder().decode(bytes),
    ...(bytes === undefined ? {} : { bodyBytesRaw: bytes }),
  };
}

const toResponse = (response: WireResponse) =>
  new Response(response.body, { status: response.status, headers: response.headers });

export function createSimulatorHandlers(options: SimulatorHandlersOptions = {}) {
  const simulator = options.simulator ?? new Simulator({ wallClock: Date, ...options.simulatorOptions });
  const hosts = options.hosts ?? DEFAULT_HOSTS;
  const hasher = options.hasher ?? webHasher;
  const controlPlane = options.controlPlane ?? true;
  const handler = http.all(
    ({ request }) => matches(hosts, new URL(request.url).hostname),
    async ({ request }) => {
      const wire = await toWire(request);
      if (controlPlane && wire.url.startsWith(CONTROL_PREFIX)) return toResponse(handleControlRequest(simulator, wire));
      return toResponse(await handleApiRequest(simulator, wire, { hasher }));
    },
  );
  return { handlers: [handler], simulator, controls: simulatorControls(simulator) };
}

export { Simulator };
