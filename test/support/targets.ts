/**
 * The three implementations of the simulator that one behaviour suite runs against: the protocol layer
 * called in process, the MSW handlers behind setupServer + fetch, and the HTTP server on 127.0.0.1.
 */
import { setupServer } from 'msw/node';
import type { Edition } from '../../src/catalogue.js';
import type { FaultRule } from '../../src/core/faults.js';
import type { JournalEntry } from '../../src/core/journal.js';
import { Simulator } from '../../src/core/simulator.js';
import type { WorldDocument } from '../../src/core/world-document.js';
import { createSimulatorHandlers, simulatorControls } from '../../src/msw/index.js';
import { createSimulatorServer, listen, type SimulatorServer } from '../../src/node/server.js';
import { handleApiRequest } from '../../src/protocol/handle-api.js';
import { nodeHasher } from '../../src/protocol/node-hasher.js';
import type { SignedRequest } from '../../src/protocol/sign-request.js';

export interface Answer {
  /** The host the request was sent to: what HostId echoes. */
  host?: string;
  status: number;
  contentType: string;
  requestIdHeader: string | undefined;
  body: string;
  /** The other headers real answers carry: x-acs-trace-id, Access-Control-Allow-Origin, x-ratelimit-user(-api). */
  extraHeaders?: Record<string, string | undefined>;
}

const EXTRA_HEADERS = ['x-acs-trace-id', 'access-control-allow-origin', 'x-ratelimit-user', 'x-ratelimit-user-api'];

export interface Controls {
  reset(): Promise<void>;
  world(): Promise<WorldDocument>;
  setWorld(document: unknown): Promise<void>;
  advanceClock(seconds: number): Promise<void>;
  setFaults(rules: Array<Partial<FaultRule>>): Promise<void>;
  requests(): Promise<JournalEntry[]>;
}

export interface Target {
  name: string;
  /** What the request is signed for: V3 signs the Host header. */
  host: string;
  send(request: SignedRequest): Promise<Answer>;
  control: Controls;
  close(): Promise<void>;
}

function inProcessControls(sim: Simulator): Controls {
  const c = simulatorControls(sim);
  return {
    reset: async () => void c.reset(),
    world: async () => c.world(),
    setWorld: async (d) => void c.setWorld(d),
    advanceClock: async (s) => void c.advanceClock(s),
    setFaults: async (r) => void c.setFaults(r),
    requests: async () => c.requests(),
  };
}

async function viaFetch(base: string, request: SignedRequest): Promise<Answer> {
  const host = new URL(base).host;
  const { host: _host, ...headers } = request.headers;
  const response = await fetch(`${base}${request.url}`, {
    method: request.method,
    headers,
    ...(request.body === '' ? {} : { body: request.body }),
  });
  return {
    host,
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    requestIdHeader: response.headers.get('x-acs-request-id') ?? undefined,
    body: await response.text(),
    extraHeaders: Object.fromEntries(EXTRA_HEADERS.map((h) => [h, response.headers.get(h) ?? undefined])),
  };
}

/** A target that sends with fetch to `base` (a socket, or a host MSW intercepts); no controls. */
export function fetchTarget(base: string, host: string): Target {
  return {
    name: 'fetch',
    host,
    send: (request) => viaFetch(base, request),
    control: undefined as never,
    close: async () => {},
  };
}

/** Each target answers today's edition unless told another. */
export function inProcessTarget(edition?: Edition): Target & { simulator: Simulator } {
  const sim = new Simulator({ wallClock: Date, ...(edition === undefined ? {} : { edition }) });
  const host = 'ecs.aliyuncs.com';
  return {
    simulator: sim,
    name: 'in-process',
    host,
    async send(request) {
      const headers = new Map(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v]));
      const r = await handleApiRequest(
        sim,
        { method: request.method, url: request.url, header: (n) => headers.get(n), body: request.body },
        { hasher: nodeHasher },
      );
      return {
        host: headers.get('host') ?? '',
        status: r.status,
        contentType: r.headers['content-type'] ?? '',
        requestIdHeader: r.headers['x-acs-request-id'],
        body: r.body,
        extraHeaders: Object.fromEntries(EXTRA_HEADERS.map((h) => [h, r.headers[h]])),
      };
    },
    control: inProcessControls(sim),
    close: async () => {},
  };
}

export function mswTarget(edition?: Edition): Target {
  const { handlers, simulator } = createSimulatorHandlers(edition === undefined ? {} : { edition });
  const server = setupServer(...handlers);
  server.listen({ onUnhandledRequest: 'error' });
  return {
    name: 'msw',
    host: 'ecs.cn-hangzhou.aliyuncs.com',
    send: (request) => viaFetch('https://ecs.cn-hangzhou.aliyuncs.com', request),
    control: inProcessControls(simulator),
    close: async () => server.close(),
  };
}

async function controlCall(base: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${base}/_sim/${path}`, {
    method,
    // Every state-changing control call says it is JSON (the control plane refuses other content types).
    ...(method === 'GET' ? {} : { headers: { 'content-type': 'application/json' } }),
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const value = (await response.json()) as { error?: string };
  if (response.status !== 200) throw new Error(`/_sim/${path}: ${response.status} ${value.error}`);
  return value;
}

export async function httpTarget(edition?: Edition): Promise<Target & { server: SimulatorServer; base: string }> {
  const sim = new Simulator({ wallClock: Date, ...(edition === undefined ? {} : { edition }) });
  const server = createSimulatorServer(sim);
  const address = await listen(server, 0, '127.0.0.1');
  const base = `http://127.0.0.1:${address.port}`;
  return {
    name: 'http',
    host: `127.0.0.1:${address.port}`,
    server,
    base,
    send: (request) => viaFetch(base, request),
    control: {
      reset: async () => void (await controlCall(base, 'POST', 'reset')),
      world: async () => (await controlCall(base, 'GET', 'world')) as WorldDocument,
      setWorld: async (d) => void (await controlCall(base, 'PUT', 'world', d)),
      advanceClock: async (s) => void (await controlCall(base, 'POST', 'clock', { advanceSeconds: s })),
      setFaults: async (rules) => void (await controlCall(base, 'PUT', 'faults', { rules })),
      requests: async () => ((await controlCall(base, 'GET', 'requests')) as { requests: JournalEntry[] }).requests,
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
