/**
 * The standalone simulator over HTTP/1.1 (http-server.ts: node:net and llhttp): the API at any path but /_sim/, the control
 * plane under /_sim/. The hot path goes straight to the protocol layer (no MSW request matching, no node:http
 * objects) and answers synchronously. Requests over the limits of x-assumptions.limits are refused with the
 * documented InvalidParameter; slow or half-sent requests are closed after the timeouts there, so they
 * cannot hold the server.
 */
import type { AddressInfo } from 'node:net';
import { assumptions, catalogueEntry } from '../catalogue.js';
import type { Simulator } from '../core/simulator.js';
import { CONTROL_PREFIX, type ControlGuard, controlHosts, handleControlRequest } from '../protocol/control-plane.js';
import { answerApiRequest, type ProtocolDeps } from '../protocol/handle-api.js';
import { nodeHasher } from '../protocol/node-hasher.js';
import { renderError } from '../protocol/render.js';
import type { WireResponse } from '../protocol/wire.js';
import type { HttpRequest } from './http-request.js';
import { type Arrived, createHttpServer, type HttpServer, type Refusal } from './http-server.js';

export interface ServerOptions {
  controlPlane?: boolean;
  /**
   * Who may use the control plane: host names it answers to (default: loopback's, see controlHosts) and a token
   * it requires. The API answers any Host.
   */
  controlGuard?: ControlGuard;
  /** Overrides x-assumptions.limits.headersTimeoutMs / requestTimeoutMs (tests use short ones). */
  headersTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** Overrides x-assumptions.limits.writeTimeoutMs: how long a client may leave its answers unread. */
  writeTimeoutMs?: number;
  /**
   * Told when the server starts answering a request, and when it has its answer (undefined if the simulator
   * failed): check-client counts the requests in flight with it and reads the content types answered.
   */
  observer?: { started(): void; answered(response: WireResponse | undefined): void };
}

export type SimulatorServer = HttpServer;

const { limits } = assumptions;
/** Room for the longest valid URL (x-assumptions.limits) plus headers, so the gateway check names it. */
const MAX_HEAD_BYTES = limits.maxUrlBytes + 16 * 1024;

/** The bounds of the HTTP layer, from x-assumptions.limits (the differential test runs its reference with them). */
export const HTTP_LIMITS = {
  maxHeadBytes: MAX_HEAD_BYTES,
  maxBodyBytes: limits.maxBodyBytes,
  maxWireBytes: MAX_HEAD_BYTES + 2 * limits.maxBodyBytes,
  maxOutputBytes: limits.maxOutputBytes,
  writeTimeoutMs: limits.writeTimeoutMs,
  headersTimeoutMs: limits.headersTimeoutMs,
  requestTimeoutMs: limits.requestTimeoutMs,
  /** How long an idle keep-alive connection stays open (node:http's default). */
  keepAliveTimeoutMs: 5000,
} as const;

export function createSimulatorServer(sim: Simulator, options: ServerOptions = {}): SimulatorServer {
  const controlPlane = options.controlPlane ?? true;
  const deps: ProtocolDeps = { hasher: nodeHasher };
  const guard = options.controlGuard ?? { hosts: controlHosts('127.0.0.1') };
  const handle = (req: HttpRequest) =>
    controlPlane && req.url.startsWith(CONTROL_PREFIX)
      ? handleControlRequest(sim, req, guard)
      : answerApiRequest(sim, req, deps);
  const { observer } = options;
  const observed =
    observer === undefined
      ? handle
      : (req: HttpRequest) => {
          observer.started();
          let response: ReturnType<typeof handle>;
          try {
            response = handle(req);
          } catch (error) {
            observer.answered(undefined);
            throw error;
          }
          if (!(response instanceof Promise)) {
            observer.answered(response);
            return response;
          }
          return response.then(
            (r) => {
              observer.answered(r);
              return r;
            },
            (error: unknown) => {
              observer.answered(undefined);
              throw error;
            },
          );
        };
  return createHttpServer({
    handle: observed,
    refuse: (what, arrived) => refuse(sim, what, arrived),
    onError: (error) => {
      // A bug of the simulator: log it, and still answer with the documented InternalError.
      console.error(error);
      return renderError('JSON', sim.ids.requestId(), { entry: catalogueEntry('InternalError') });
    },
    ...HTTP_LIMITS,
    ...(options.writeTimeoutMs === undefined ? {} : { writeTimeoutMs: options.writeTimeoutMs }),
    ...(options.headersTimeoutMs === undefined ? {} : { headersTimeoutMs: options.headersTimeoutMs }),
    ...(options.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: options.requestTimeoutMs }),
  });
}

/**
 * What cannot be read as a request still gets a documented answer (the format asked is unknown: the default,
 * XML), and the journal tells what arrived of it, so that check-client can show a client what it sent.
 */
function refuse(sim: Simulator, what: Refusal, arrived: Arrived): WireResponse {
  const requestId = sim.ids.requestId();
  const response = renderError('XML', requestId, { entry: catalogueEntry('InvalidParameter'), parameterName: what });
  sim.journal.add({
    at: sim.now(),
    method: arrived.method ?? '',
    action: null,
    parameters: () => ({}),
    version: null,
    verdict: 'not-checked',
    status: response.status,
    requestId,
    code: 'InvalidParameter',
    snapshotId: undefined,
    reason: `the HTTP layer could not read the ${what}: ${arrived.reason}`,
    diskId: undefined,
    accessKeyId: undefined,
    refused: { what, ...arrived },
  });
  return response;
}

export async function listen(server: SimulatorServer, port: number, host: string): Promise<AddressInfo> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server.address() as AddressInfo;
}
