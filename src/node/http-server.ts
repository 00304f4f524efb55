/**
 * The simulator's HTTP/1.1 server: node:net sockets, Node's own parser (llhttp), and the connection logic of
 * http-connection.ts. node:http costs about twice the CPU per request of this (IncomingMessage, ServerResponse,
 * their events and header bookkeeping), and on a two-CPU machine that alone kept the simulator under half of a
 * bare node:http server's throughput. Strict, as a test server should be: whatever llhttp refuses in its
 * strict mode, or this layer (a second Host, a transfer coding other than chunked, HTTP/2.0 in a request
 * line, CONNECT), is answered with the 400 built by `options.refuse`, and the connection is closed.
 */
import { createServer, type Server } from 'node:net';
import { Connection, type HttpOptions } from './http-connection.js';
import { Writes } from './http-output.js';

export type { Arrived, HttpOptions, Refusal } from './http-connection.js';

export interface HttpServer extends Server {
  /** Destroys every connection, busy or not. */
  closeAllConnections(): void;
  /** Closes connections that wait for a next request. */
  closeIdleConnections(): void;
}

export function createHttpServer(options: HttpOptions): HttpServer {
  const connections = new Set<Connection>();
  const writes = new Writes();
  const server = createServer({ allowHalfOpen: true }, (socket) => {
    const connection = new Connection(socket, options, writes);
    connections.add(connection);
    socket.on('close', () => connections.delete(connection));
  }) as HttpServer;

  // Timeouts: one sweep over the connections, not a timer per request.
  const sweepMs = Math.max(50, Math.min(1000, options.headersTimeoutMs / 2, options.requestTimeoutMs / 2));
  let sweeper: ReturnType<typeof setInterval> | undefined;
  const sweep = () => {
    const now = Date.now();
    for (const c of connections) if (c.late(now)) c.socket.destroy();
  };
  server.on('listening', () => {
    sweeper ??= setInterval(sweep, sweepMs);
    sweeper.unref();
  });
  server.on('close', () => {
    clearInterval(sweeper);
    sweeper = undefined;
  });

  server.closeAllConnections = () => {
    for (const c of connections) c.socket.destroy();
  };
  server.closeIdleConnections = () => {
    for (const c of connections) if (c.idle) c.socket.destroy();
  };
  const close = server.close.bind(server);
  server.close = (callback?: (error?: Error) => void) => {
    close(callback);
    server.closeIdleConnections();
    return server;
  };
  return server;
}
