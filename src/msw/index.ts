/**
 * The simulator as MSW request handlers, for `setupServer` (Node) and `setupWorker` (browsers). msw is a peer
 * dependency (2.12 and later, or 3): the handlers are made by the application's own msw, whose server runs them.
 * Scoped to the ECS endpoints, so that other traffic (a Pact mock server, your own API) passes by.
 *
 *   const { handlers, simulator, controls } = createSimulatorHandlers();
 *   const server = setupServer(...handlers); server.listen();
 */
import { http } from 'msw';
import { EDITIONS, type Edition, isEdition } from '../catalogue.js';
import { Simulator, type SimulatorOptions } from '../core/simulator.js';
import { simulatorFetch, simulatorFetchHandler } from '../protocol/fetch-handler.js';
import type { Hasher } from '../protocol/hash.js';
import { InvalidControlInput, simulatorControls } from '../simulator-controls.js';

/**
 * ecs.aliyuncs.com and both spellings of every regional endpoint, ecs.REGION.aliyuncs.com and
 * ecs-REGION.aliyuncs.com (what @alicloud/ecs20140526 calls for `regionId: 'cn-hangzhou'`).
 */
export const DEFAULT_HOSTS: ReadonlyArray<string | RegExp> = ['ecs.aliyuncs.com', /^ecs[.-][a-z0-9-]+\.aliyuncs\.com$/];

export interface SimulatorHandlersOptions {
  /** An existing simulator to serve; a new one with the default world otherwise. */
  simulator?: Simulator;
  simulatorOptions?: Partial<SimulatorOptions>;
  /** Host names to answer for (exact strings or patterns). */
  hosts?: ReadonlyArray<string | RegExp>;
  /** Also serve the /_sim/ control plane on those hosts. Default true. */
  controlPlane?: boolean;
  /** WebCrypto by default, which Node and browsers both have. */
  hasher?: Hasher;
  /** The edition of the page to answer (unless the world names one): today's, `2025-01-03`, by default. */
  edition?: Edition;
}

const matches = (hosts: ReadonlyArray<string | RegExp>, hostname: string) =>
  hosts.some((h) => (typeof h === 'string' ? h === hostname : h.test(hostname)));

export function createSimulatorHandlers(options: SimulatorHandlersOptions = {}) {
  if (options.edition !== undefined && !isEdition(options.edition))
    throw new InvalidControlInput([
      `edition: must be one of ${EDITIONS.join(', ')} (got ${JSON.stringify(options.edition)})`,
    ]);
  const simulator =
    options.simulator ??
    new Simulator({
      wallClock: Date,
      ...options.simulatorOptions,
      ...(options.edition === undefined ? {} : { edition: options.edition }),
    });
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

export { InvalidControlInput, Simulator, simulatorControls, simulatorFetch };
