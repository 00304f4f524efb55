/**
 * Which world a control-plane call acts on: the world that requests signed with the AccessKeyId given see
 * (core/tenants.ts), named by the query parameter `accessKeyId` or the header `x-sim-access-key-id`; the main
 * world without either. The answer says which world it was in the header `x-sim-world` (`main` or the key).
 */
import type { Simulator } from '../core/simulator.js';
import { parsePairs, queryOf, type WireRequest } from './wire.js';

export const CONTROL_KEY_PARAMETER = 'accessKeyId';
export const CONTROL_KEY_HEADER = 'x-sim-access-key-id';
export const WORLD_HEADER = 'x-sim-world';

export type ControlWorld = { ok: true; sim: Simulator; name: string } | { ok: false; error: string };

export function controlWorld(sim: Simulator, request: WireRequest): ControlWorld {
  const query = queryOf(request.url);
  const fromQuery = query === '' ? undefined : parsePairs(query).find(([name]) => name === CONTROL_KEY_PARAMETER)?.[1];
  const key = fromQuery ?? request.header(CONTROL_KEY_HEADER);
  if (key === undefined) return { ok: true, sim, name: 'main' };
  if (key === '')
    return {
      ok: false,
      error: `${CONTROL_KEY_PARAMETER}: must be an AccessKeyId, not empty (leave it out for the main world)`,
    };
  const world = sim.tenant(key);
  return { ok: true, sim: world, name: world === sim ? 'main' : key };
}
