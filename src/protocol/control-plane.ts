/**
 * The control plane under /_sim/, for tools outside this repository: health, reset, the World document,
 * the clock, faults and the request journal. The semantics are in core/controls.ts; this maps HTTP to them.
 */

import { applyProviderState } from '../contracts/provider-states.js';
import {
  type ControlResult,
  clearRequests,
  listFaults,
  moveClock,
  readWorld,
  recentRequests,
  replaceFaults,
  replaceWorld,
  resetWorld,
} from '../core/controls.js';
import type { Simulator } from '../core/simulator.js';
import { controlWorld, WORLD_HEADER } from './control-world.js';
import { pathOf, type WireRequest, type WireResponse } from './wire.js';

export const CONTROL_PREFIX = '/_sim/';

const json = (status: number, value: unknown): WireResponse => ({
  status,
  headers: { 'content-type': 'application/json;charset=utf-8' },
  body: JSON.stringify(value),
});
const refuse = (errors: string[]) => json(400, { error: errors.join('; '), errors });
const answer = <T>(result: ControlResult<T>) => (result.ok ? json(200, result.value) : refuse(result.errors));

/** Runs `use` on the JSON body, or refuses a body that is not JSON. */
const withJson =
  (use: (sim: Simulator, body: unknown) => ControlResult<unknown>) =>
  (sim: Simulator, request: WireRequest): WireResponse => {
    let body: unknown;
    try {
      body = JSON.parse(request.body);
    } catch (e) {
      return refuse([`(body): must be a JSON document (${(e as Error).message})`]);
    }
    return answer(use(sim, body));
  };

type Route = (sim: Simulator, request: WireRequest) => WireResponse;

/** Pact's state-change call: `{"state": "...", "params": {...}, "action": "setup" | "teardown"}`. */
function pactState(sim: Simulator, body: unknown): ControlResult<{ state: string }> {
  const b = (typeof body === 'object' && body !== null ? body : {}) as {
    state?: unknown;
    params?: unknown;
    action?: unknown;
  };
  if (typeof b.state !== 'string') return { ok: false, errors: ['state: must be the name of a provider state'] };
  if (b.action === 'teardown') return { ok: true, value: { state: b.state } };
  if (b.action !== undefined && b.action !== 'setup')
    return { ok: false, errors: ['action: must be "setup" or "teardown"'] };
  const params = (typeof b.params === 'object' && b.params !== null ? b.params : {}) as Record<string, string>;
  const applied = applyProviderState(sim, b.state, params);
  return applied.ok ? { ok: true, value: { state: b.state } } : applied;
}

const routes: Record<string, Partial<Record<string, Route>>> = {
  health: { GET: () => json(200, { status: 'ok' }) },
  reset: { POST: (sim) => json(200, resetWorld(sim)) },
  world: { GET: (sim) => json(200, readWorld(sim)), PUT: withJson(replaceWorld) },
  clock: { POST: withJson(moveClock) },
  faults: { GET: (sim) => json(200, listFaults(sim)), PUT: withJson(replaceFaults) },
  requests: { GET: (sim) => json(200, recentRequests(sim)), DELETE: (sim) => json(200, clearRequests(sim)) },
  'pact-state': { POST: withJson(pactState) },
};

export function handleControlRequest(sim: Simulator, request: WireRequest): WireResponse {
  const name = pathOf(request.url).slice(CONTROL_PREFIX.length).replace(/\/$/, '');
  const route = routes[name];
  if (route === undefined) {
    const known = Object.keys(routes).map((r) => `/_sim/${r}`);
    return json(404, { error: `No control endpoint /_sim/${name}; there are: ${known.join(', ')}` });
  }
  const handler = route[request.method.toUpperCase()];
  if (handler === undefined) {
    return json(405, { error: `/_sim/${name} answers ${Object.keys(route).join(', ')}, not ${request.method}` });
  }
  const world = controlWorld(sim, request);
  if (!world.ok) return refuse([world.error]);
  const response = handler(world.sim, request);
  response.headers[WORLD_HEADER] = world.name;
  return response;
}
