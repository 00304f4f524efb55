/**
 * The standalone simulator over node:http: the API at any path but /_sim/, the control plane under
 * /_sim/. The hot path goes straight to the protocol layer (no MSW request matching). Requests over the
 * limits of x-assumptions.limits are refused with the documented InvalidParameter; slow or half-sent
 * requests are closed after the timeouts there, so they cannot hold the server.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { assumptions, catalogueEntry } from '../catalogue.js';
import type { Simulator } from '../core/simulator.js';
import { CONTROL_PREFIX, handleControlRequest } from '../protocol/control-plane.js';
import { answerApiRequest } from '../protocol/handle-api.js';
import { nodeHasher } from '../protocol/node-hasher.js';
import { renderError } from '../protocol/render.js';
import type { WireRequest, WireResponse } from '../protocol/wire.js';

export interface ServerOptions {
  controlPlane?: boolean;
  /** Overrides x-assumptions.limits.headersTimeoutMs / requestTimeoutMs (tests use short ones). */
  headersTimeoutMs?: number;
  requestTimeoutMs?: number;
}

const { limits } = assumptions;

/**
 * Headers by lower-case name. `req.headers` is a plain object: only its own keys are headers, or a signed
 * header named `constructor` would find Object (Node drops one named `__proto__`: it signs as absent).
 */
function header(req: IncomingMessage): (name: string) => string | undefined {
  const headers = req.headers;
  return (name) => {
    if (!Object.hasOwn(headers, name)) return undefined;
    const value = headers[name];
    return Array.isArray(value) ? value.join(',') : value;
  };
}

function send(res: ServerResponse, response: WireResponse): void {
  response.headers['content-length'] = String(Buffer.byteLength(response.body));
  res.writeHead(response.status, response.headers);
  res.end(response.body);
}

/**
 * What Node's HTTP parser refuses before a request exists (a header section too large, a malformed request
 * line) still gets a documented answer, written raw on the socket; a timed-out request is just closed.
 */
function refuseUnparsable(sim: Simulator, error: NodeJS.ErrnoException, socket: Socket): void {
  if (!socket.writable || error.code === 'ERR_HTTP_REQUEST_TIMEOUT' || error.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  // Named as x-assumptions.limits names them; the format asked is unknown, so the default, XML.
  const name = error.code?.includes('HEADER') ? 'headers' : 'URL';
  const answer = renderError('XML', sim.ids.requestId(), {
    entry: catalogueEntry('InvalidParameter'),
    parameterName: name,
  });
  const head = Object.entries(answer.headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  const isHead = (error as { rawPacket?: Buffer }).rawPacket?.subarray(0, 5).toString('latin1') === 'HEAD ';
  const length = `content-length: ${Buffer.byteLength(answer.body)}\r\n`;
  socket.end(
    `HTTP/1.1 ${answer.status} Bad Request\r\n${head}${length}connection: close\r\n\r\n${isHead ? '' : answer.body}`,
  );
}

export function createSimulatorServer(sim: Simulator, options: ServerOptions = {}): Server {
  const controlPlane = options.controlPlane ?? true;
  const fail = (res: ServerResponse, error: unknown) => {
    // A bug of the simulator: log it, and still answer with the documented InternalError.
    console.error(error);
    if (!res.headersSent)
      send(res, renderError('JSON', sim.ids.requestId(), { entry: catalogueEntry('InternalError') }));
  };
  /** Answers at once when the protocol layer does (the hot path: no promise), else when it has. */
  const handle = (req: IncomingMessage, res: ServerResponse, raw: Buffer | undefined, bodyBytes: number) => {
    try {
      const wire: WireRequest = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        header: header(req),
        body: raw === undefined ? '' : raw.toString('utf8'),
        ...(raw === undefined ? {} : { bodyBytesRaw: raw }),
        bodyBytes,
        headerCount: req.rawHeaders.length / 2,
      };
      const response =
        controlPlane && wire.url.startsWith(CONTROL_PREFIX)
          ? handleControlRequest(sim, wire)
          : answerApiRequest(sim, wire, { hasher: nodeHasher });
      if (response instanceof Promise)
        response.then(
          (r) => send(res, r),
          (error: unknown) => fail(res, error),
        );
      else send(res, response);
    } catch (error) {
      fail(res, error);
    }
  };
  const server = createServer(
    // Room for the longest valid URL (x-assumptions.limits) plus headers, so the gateway check names it.
    {
      maxHeaderSize: limits.maxUrlBytes + 16 * 1024,
      // How often Node looks for requests past their timeouts (its default, 30 s, would let them linger).
      connectionsCheckingInterval: Math.min(1000, options.requestTimeoutMs ?? 1000),
    },
    (req, res) => {
      if (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined) {
        // No body (every GET, V3's empty POST): answer at once instead of waiting for 'end'.
        req.resume();
        handle(req, res, undefined, 0);
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      const onData = (chunk: Buffer) => {
        size += chunk.length;
        if (size <= limits.maxBodyBytes) {
          chunks.push(chunk);
          return;
        }
        // Over the limit: answer now with the documented refusal, and stop reading the rest.
        req.off('data', onData);
        req.off('end', onEnd);
        res.shouldKeepAlive = false;
        res.on('finish', () => req.destroy());
        handle(req, res, undefined, size);
      };
      const onEnd = () => handle(req, res, Buffer.concat(chunks), size);
      req.on('data', onData);
      req.on('end', onEnd);
    },
  );
  server.headersTimeout = options.headersTimeoutMs ?? limits.headersTimeoutMs;
  server.requestTimeout = options.requestTimeoutMs ?? limits.requestTimeoutMs;
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => refuseUnparsable(sim, error, socket));
  return server;
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
