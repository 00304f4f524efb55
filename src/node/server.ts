/**
 * The standalone simulator over node:http: the API at any path but /_sim/, the control plane under
 * /_sim/. The hot path goes straight to the protocol layer (no MSW request matching).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { catalogueEntry } from '../catalogue.js';
import type { Simulator } from '../core/simulator.js';
import { CONTROL_PREFIX, handleControlRequest } from '../protocol/control-plane.js';
import { handleApiRequest } from '../protocol/handle-api.js';
import { nodeHasher } from '../protocol/node-hasher.js';
import { renderError } from '../protocol/render.js';
import type { WireRequest, WireResponse } from '../protocol/wire.js';

export interface ServerOptions {
  controlPlane?: boolean;
  /** Request bodies larger than this are refused with 413. */
  maxBodyBytes?: number;
}

const MAX_BODY_BYTES = 1024 * 1024;

function header(req: IncomingMessage): (name: string) => string | undefined {
  return (name) => {
    const value = req.headers[name];
    return Array.isArray(value) ? value.join(',') : value;
  };
}

function send(res: ServerResponse, response: WireResponse): void {
  response.headers['content-length'] = String(Buffer.byteLength(response.body));
  res.writeHead(response.status, response.headers);
  res.end(response.body);
}

export function createSimulatorServer(sim: Simulator, options: ServerOptions = {}): Server {
  const controlPlane = options.controlPlane ?? true;
  const maxBody = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const handle = async (req: IncomingMessage, res: ServerResponse, body: string) => {
    const wire: WireRequest = { method: req.method ?? 'GET', url: req.url ?? '/', header: header(req), body };
    const response =
      controlPlane && wire.url.startsWith(CONTROL_PREFIX)
        ? handleControlRequest(sim, wire)
        : await handleApiRequest(sim, wire, { hasher: nodeHasher });
    send(res, response);
  };
  const fail = (res: ServerResponse) => (error: unknown) => {
    // A bug of the simulator: log it, and still answer with the documented InternalError.
    console.error(error);
    if (!res.headersSent)
      send(res, renderError('JSON', sim.ids.requestId(), { entry: catalogueEntry('InternalError') }));
  };
  return createServer((req, res) => {
    if (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined) {
      // No body (every GET, V3's empty POST): answer at once instead of waiting for 'end'.
      req.resume();
      handle(req, res, '').catch(fail(res));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBody) {
        send(res, {
          status: 413,
          headers: { 'content-type': 'text/plain', connection: 'close' },
          body: `Request body over ${maxBody} bytes`,
        });
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > maxBody) return;
      handle(req, res, chunks.length === 0 ? '' : Buffer.concat(chunks).toString('utf8')).catch(fail(res));
    });
  });
}

export async function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server.address() as AddressInfo;
}
