/**
 * The control plane under /_sim/, for tools outside this repository: health, reset, the World document,
 * the clock, faults and the request journal. The semantics are in core/controls.ts; this maps HTTP to them.
 *
 * Over a socket it is guarded ({@link ControlGuard}), as it runs beside browsers: a request whose Host is not the
 * server's own is refused (a DNS-rebinding page would call it by its own name), a state-changing request must
 * say Content-Type: application/json (which a cross-site form or a simple fetch cannot send without a CORS
 * preflight, and no CORS header is ever answered) and may not come from another Origin, and a token may be
 * required. The API itself answers whatever Host a client calls it by.
 */

import { assumptions } from '../catalogue.js';
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
import { constantTimeEqual } from './hash.js';
import { pathOf, queryOf, type WireRequest, type WireResponse } from './wire.js';

export const CONTROL_PREFIX = '/_sim/';
/** The header that carries `serve --control-token`. */
export const CONTROL_TOKEN_HEADER = 'x-sim-control-token';

/** Who may use the control plane of a server. */
export interface ControlGuard {
  /** Host names (lower-case, no port; IPv6 in brackets) the control plane answers to. */
  hosts: ReadonlySet<string>;
  /** When set, every endpoint but health requires it in {@link CONTROL_TOKEN_HEADER}. */
  token?: string | undefined;
}

/** The names a server on `bindHost` answers its control plane to: loopback's, the bound address's, and `allowed`. */
export function controlHosts(bindHost: string, allowed: readonly string[] = []): Set<string> {
  const bracketed = (h: string) => (h.includes(':') && !h.startsWith('[') ? `[${h}]` : h);
  return new Set(['127.0.0.1', 'localhost', '[::1]', bindHost, ...allowed].map((h) => bracketed(h.toLowerCase())));
}

const json = (status: number, value: unknown): WireResponse => ({
  status,
  headers: { 'content-type': 'application/json;charset=utf-8' },
  body: JSON.stringify(value),
});
/** At most this many problems, each at most this long (x-assumptions.limits): an answer never echoes much. */
const MAX_ERRORS = assumptions.limits.maxControlErrors;
const MAX_ERROR_LENGTH: number = assumptions.limits.maxControlErrorLength;
const clip = (s: string, n = MAX_ERROR_LENGTH) => (s.length > n ? `${s.slice(0, n)}…` : s);
const refuse = (errors: string[], status = 400) => {
  const shown = errors.slice(0, MAX_ERRORS).map((e) => clip(e));
  if (errors.length > MAX_ERRORS) shown.push(`… and ${errors.length - MAX_ERRORS} more`);
  return json(status, { error: shown.join('; '), errors: shown });
};
const answer = <T>(result: ControlResult<T>) => (result.ok ? json(200, result.value) : refuse(result.errors));

/** Runs `use` on the JSON body, or refuses a body that is not JSON. */
const withJson =
  (use: (sim: Simulator, body: unknown) => ControlResult<unknown>) =>
  (sim: Simulator, request: WireRequest): WireResponse => {
    let body: unknown;
    try {
      body = JSON.parse(request.body);
    } catch (e) {
      return refuse([`(body): must be a JSON document (${clip((e as Error).message, 200)})`]);
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

/** `?limit=N` of GET /_sim/requests. */
function requests(sim: Simulator, request: WireRequest): WireResponse {
  const limit = new URLSearchParams(queryOf(request.url)).get('limit') ?? undefined;
  return answer(recentRequests(sim, limit));
}

const routes = new Map<string, Partial<Record<string, Route>>>([
  ['health', { GET: () => json(200, { status: 'ok' }) }],
  ['reset', { POST: (sim) => json(200, resetWorld(sim)) }],
  ['world', { GET: (sim) => json(200, readWorld(sim)), PUT: withJson(replaceWorld) }],
  ['clock', { POST: withJson(moveClock) }],
  ['faults', { GET: (sim) => json(200, listFaults(sim)), PUT: withJson(replaceFaults) }],
  ['requests', { GET: requests, DELETE: (sim) => json(200, clearRequests(sim)) }],
  ['pact-state', { POST: withJson(pactState) }],
]);

/** The host name of a Host header or an Origin, lower-case and without the port; undefined if unreadable. */
function hostName(value: string | undefined, origin = false): string | undefined {
  if (value === undefined) return undefined;
  try {
    return new URL(origin ? value : `http://${value}`).hostname.toLowerCase() || undefined;
  } catch {
    return undefined;
  }
}

/** Why `request` may not use the control plane, as an answer; undefined when it may. */
function guarded(guard: ControlGuard, request: WireRequest, name: string): WireResponse | undefined {
  const host = hostName(request.header('host'));
  if (host === undefined || !guard.hosts.has(host)) {
    const allowed = [...guard.hosts].join(', ');
    return refuse(
      [
        `Host: the control plane answers only to ${allowed} (serve --allowed-host adds names), not ${clip(request.header('host') ?? '(none)', 100)}`,
      ],
      403,
    );
  }
  if (request.method === 'GET' || request.method === 'HEAD') {
    return guard.token === undefined || name === 'health' || tokenMatches(guard.token, request)
      ? undefined
      : refuse([`${CONTROL_TOKEN_HEADER}: required (serve --control-token)`], 401);
  }
  const type = (request.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json')
    return refuse([`Content-Type: must be application/json for ${request.method} /_sim/${name}`], 415);
  const origin = request.header('origin');
  if (origin !== undefined) {
    const from = hostName(origin, true);
    if (from === undefined || !guard.hosts.has(from))
      return refuse([`Origin: ${clip(origin, 100)} may not change this simulator`], 403);
  }
  if (guard.token !== undefined && !tokenMatches(guard.token, request))
    return refuse([`${CONTROL_TOKEN_HEADER}: required (serve --control-token)`], 401);
  return undefined;
}

function tokenMatches(token: string, request: WireRequest): boolean {
  const given = request.header(CONTROL_TOKEN_HEADER);
  return given !== undefined && given.length === token.length && constantTimeEqual(given, token);
}

export function handleControlRequest(sim: Simulator, request: WireRequest, guard?: ControlGuard): WireResponse {
  const name = pathOf(request.url).slice(CONTROL_PREFIX.length).replace(/\/$/, '');
  const route = routes.get(name);
  if (route === undefined) {
    const known = [...routes.keys()].map((r) => `/_sim/${r}`);
    return json(404, { error: `No control endpoint /_sim/${clip(name, 100)}; there are: ${known.join(', ')}` });
  }
  const method = request.method.toUpperCase();
  const handler = Object.hasOwn(route, method) ? route[method] : undefined;
  if (handler === undefined) {
    return json(405, {
      error: `/_sim/${name} answers ${Object.keys(route).join(', ')}, not ${clip(request.method, 20)}`,
    });
  }
  const refused = guard === undefined ? undefined : guarded(guard, request, name);
  if (refused !== undefined) return refused;
  const world = controlWorld(sim, request);
  if (!world.ok) return refuse([world.error]);
  const response = handler(world.sim, request);
  response.headers[WORLD_HEADER] = world.name;
  return response;
}
