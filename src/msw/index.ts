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
import { simulatorFetch, simulatorFetchHandler } from '../protocol/fetch-handler.js';
import type { Hasher } from '../protocol/hash.js';

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

/**
 * The value, or InvalidControlInput. Input the checks could not even read (a value nested too deep for the stack,
 * a getter that throws) is refused the same way: the checks run before anything changes.
 */
const orThrow = <T>(control: () => ControlResult<T>): T => {
  let result: ControlResult<T>;
  try {
    result = control();
  } catch (error) {
    throw new InvalidControlInput([`(input): cannot be read (${String((error as Error)?.message).slice(0, 200)})`]);
  }
  if (!result.ok) throw new InvalidControlInput(result.errors);
  return result.value;
};

/** The control plane, in process: the same operations and checks as the HTTP endpoints under /_sim/. */
export function simulatorControls(sim: Simulator) {
  return {
    reset: () => resetWorld(sim),
    world: (): WorldDocument => readWorld(sim),
    setWorld: (document: unknown): WorldDocument => orThrow(() => replaceWorld(sim, document)),
    advanceClock: (seconds: number) => orThrow(() => moveClock(sim, { advanceSeconds: seconds })),
    setNow: (iso: string) => orThrow(() => moveClock(sim, { now: iso })),
    setFaults: (rules: unknown[]): { rules: FaultRule[] } => orThrow(() => replaceFaults(sim, { rules })),
    /** The journal, oldest first; the newest `limit` only when given. */
    requests: (limit?: number) => orThrow(() => recentRequests(sim, limit)).requests,
  };
}

const matches = (hosts: ReadonlyArray<string | RegExp>, hostname: string) =>
  hosts.some((h) => (typeof h === 'string' ? h === hostname : h.test(hostname)));

export function createSimulatorHandlers(options: SimulatorHandlersOptions = {}) {
  const simulator = options.simulator ?? new Simulator({ wallClock: Date, ...options.simulatorOptions });
  const hosts = options.hosts ?? DEFAULT_HOSTS;
  const handle = simulatorFetchHandler(simulator, {
    ...(options.hasher ? { hasher: options.hasher } : {}),
    ...(options.controlPlane === undefined ? {} : { controlPlane: options.controlPlane }),
  });
  const handler = http.all(
    ({ request }) => matches(hosts, new URL(request.url).hostname),
    ({ request }) => handle(request),
  );
  return { handlers: [handler], simulator, controls: simulatorControls(simulator) };
}

export { Simulator, simulatorFetch };
