/**
 * The simulator behind a Fetch API `Request` → `Response` function: what the MSW handlers run, and a `fetch`
 * to inject into a client (the reference client takes one) to talk to a simulator in process, with no MSW
 * and no socket. Browser-safe: Request, Response and TextDecoder are web standards.
 */
import { catalogueEntry } from '../catalogue.js';
import type { Simulator } from '../core/simulator.js';
import { CONTROL_PREFIX, handleControlRequest } from './control-plane.js';
import { handleApiRequest } from './handle-api.js';
import type { Hasher } from './hash.js';
import { renderError } from './render.js';
import { webHasher } from './web-hasher.js';
import type { WireRequest, WireResponse } from './wire.js';

/** A header by name; undefined for a name that cannot be a header (Headers.get throws on "", "a b", "("). */
function headerOf(headers: Headers, name: string): string | undefined {
  try {
    return headers.get(name) ?? undefined;
  } catch {
    return undefined;
  }
}

export async function requestToWire(request: Request): Promise<WireRequest> {
  const url = new URL(request.url);
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  // V3 signs the body's bytes: keep them, and their UTF-8 reading for the form parameters.
  const bytes = hasBody ? new Uint8Array(await request.arrayBuffer()) : undefined;
  return {
    method: request.method,
    url: `${url.pathname}${url.search}`,
    // fetch hides the Host header; V3 signs it, so it comes from the URL.
    header: (name) => headerOf(request.headers, name) ?? (name === 'host' ? url.host : undefined),
    headerNames: () => [...request.headers.keys()],
    body: bytes === undefined ? '' : new TextDecoder().decode(bytes),
    ...(bytes === undefined ? {} : { bodyBytesRaw: bytes }),
  };
}

const toResponse = (response: WireResponse) =>
  new Response(response.body, { status: response.status, headers: response.headers });

export interface FetchHandlerOptions {
  /** WebCrypto by default, which Node 20 and browsers both have. */
  hasher?: Hasher;
  /** Also answer the /_sim/ control plane. Default true. */
  controlPlane?: boolean;
}

export function simulatorFetchHandler(sim: Simulator, options: FetchHandlerOptions = {}) {
  const hasher = options.hasher ?? webHasher;
  const controlPlane = options.controlPlane ?? true;
  return async (request: Request): Promise<Response> => {
    try {
      const wire = await requestToWire(request);
      if (controlPlane && wire.url.startsWith(CONTROL_PREFIX)) return toResponse(handleControlRequest(sim, wire));
      return toResponse(await handleApiRequest(sim, wire, { hasher }));
    } catch (error) {
      // A bug of the simulator, never the caller's: the documented InternalError, not an exception in their code.
      console.error(error);
      return toResponse(renderError('JSON', sim.ids.requestId(), { entry: catalogueEntry('InternalError') }));
    }
  };
}

/** A `fetch` served by the simulator in process, whatever the URL's host. */
export function simulatorFetch(sim: Simulator, options: FetchHandlerOptions = {}): typeof fetch {
  const handle = simulatorFetchHandler(sim, options);
  return (input, init) => handle(new Request(input, init));
}
