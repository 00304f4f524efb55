/**
 * The load: autocannon in this process, fed with precomputed signed CreateSnapshot V1 GET requests,
 * each with its own SignatureNonce, so that every request the simulator sees is authentic and new.
 */
import { createRequire } from 'node:module';
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET } from '../../src/core/world-document.js';
import { nodeHasher } from '../../src/protocol/node-hasher.js';
import { signV1Request } from '../../src/protocol/sign-request.js';

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { average: number; p50: number; p99: number; p99_9: number; max: number };
  errors: number;
  timeouts: number;
  statusCodeStats: Record<string, { count: number }>;
}
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;
const require = createRequire(import.meta.url);
const autocannon = require('autocannon') as Autocannon;

/**
 * autocannon rebuilds a request with a `setupRequest` through its generic request builder, which halved the
 * rate it could generate (a bare server measured ~16k req/s that way against ~37k with a fixed request).
 * So requests carrying a `nextBuffer` function take their bytes from it instead: the prebuilt path
 * of the next signed request, shared by all connections (~0.9 x the fixed-request rate). This relies on
 * RequestIterator.rebuildRequest of autocannon 8.0.0 (pinned); `runLoad` fails if the feed is not used.
 */
interface Iterator {
  currentRequest?: { nextBuffer?: () => Buffer; requestBuffer?: Buffer };
  resetted: boolean;
}
const iterator = require('autocannon/lib/requestIterator') as {
  prototype: { rebuildRequest(this: Iterator): unknown };
};
const rebuildRequest = iterator.prototype.rebuildRequest;
iterator.prototype.rebuildRequest = function (this: Iterator) {
  const request = this.currentRequest;
  if (request?.nextBuffer === undefined) return rebuildRequest.call(this);
  this.resetted = false;
  request.requestBuffer = request.nextBuffer();
  return request.requestBuffer;
};

/** Gateway refusals: if these dominate, the benchmark measures the rejection path, not CreateSnapshot. */
export const SIGNATURE_ERRORS = new Set([
  'SignatureDoesNotMatch',
  'SignatureNonceUsed',
  'InvalidTimeStamp.Expired',
  'InvalidTimeStamp.Format',
  'IncompleteSignature',
  'InvalidAccessKeyId.NotFound',
  'MissingParameter',
]);

export interface SignedPool {
  paths: string[];
  /** Wall-clock time the requests were signed at (their Timestamp): valid for 15 minutes around it. */
  signedAt: number;
  generationMs: number;
}

/** `count` signed GET paths, DiskIds taken in turn from `diskIds`, nonces `<tag>-<i>`. */
export async function signedPool(count: number, diskIds: readonly string[], tag: string): Promise<SignedPool> {
  const started = performance.now();
  const date = new Date();
  const credentials = { accessKeyId: DEFAULT_ACCESS_KEY_ID, accessKeySecret: DEFAULT_ACCESS_KEY_SECRET };
  const paths = new Array<string>(count);
  for (let i = 0; i < count; i++) {
    const DiskId = diskIds[i % diskIds.length] as string;
    const signed = await signV1Request({
      hasher: nodeHasher,
      credentials,
      params: { DiskId },
      host: '127.0.0.1',
      nonce: `${tag}-${i}`,
      date,
    });
    paths[i] = signed.url;
  }
  return { paths, signedAt: date.getTime(), generationMs: performance.now() - started };
}

/** Hands out the pool's requests in order, shared by all connections; wraps around (reusing nonces) when exhausted. */
export function feeder(pool: SignedPool) {
  let next = 0;
  let wraps = 0;
  return {
    request(port: number) {
      const head = `\r\nHost: 127.0.0.1:${port}\r\nConnection: keep-alive\r\n\r\n`;
      const nextBuffer = () => {
        if (next === pool.paths.length) {
          next = 0;
          wraps++;
        }
        return Buffer.from(`GET ${pool.paths[next++]} HTTP/1.1${head}`, 'latin1');
      };
      return { setupRequest: (r: unknown) => r, nextBuffer };
    },
    sent: () => wraps * pool.paths.length + next,
    wraps: () => wraps,
  };
}

export interface LoadResult {
  rps: number;
  latencyMs: { average: number; p50: number; p99: number; p999: number; max: number };
  total: number;
  socketErrors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  /** The `Code` of error bodies, "Success" for a SnapshotId, "other" for anything else. */
  codes: Record<string, number>;
  signatureErrorShare: number;
  /** CPU time of the server per answered request: less sensitive than req/s to other load on the machine. */
  serverCpuUsPerRequest: number;
  /** CPU time of this process (autocannon) over the wall time: near 1, the load generator is the limit. */
  loadGeneratorCpuShare: number;
  /** CPU time of every other process over the wall time (in CPUs): above ~0.1, the numbers are disturbed. */
  foreignCpuShare: number;
}

function codeOf(body: string): string {
  const at = body.indexOf('"Code":"');
  if (at !== -1) return body.slice(at + 8, body.indexOf('"', at + 8));
  return body.includes('"SnapshotId"') ? 'Success' : 'other';
}

export async function runLoad(
  port: number,
  feed: ReturnType<typeof feeder>,
  /** `prime`: requests sent before the warm-up, e.g. one per disk, so that every run sees the same answers. */
  options: { durationS: number; warmupS: number; connections: number; prime?: number },
  cpu: { server: () => number; system: () => number },
): Promise<LoadResult> {
  const codes: Record<string, number> = {};
  const base = {
    url: `http://127.0.0.1:${port}`,
    connections: options.connections,
    requests: [feed.request(port)],
  };
  if (options.prime) await autocannon({ ...base, amount: options.prime });
  if (options.warmupS > 0) await autocannon({ ...base, duration: options.warmupS });
  const before = { server: cpu.server(), system: cpu.system(), client: process.cpuUsage(), wall: performance.now() };
  const result = await autocannon({
    ...base,
    duration: options.durationS,
    verifyBody: (body: string) => {
      const code = codeOf(body);
      codes[code] = (codes[code] ?? 0) + 1;
      return true;
    },
  });
  const serverMs = cpu.server() - before.server;
  const systemMs = cpu.system() - before.system;
  const usage = process.cpuUsage(before.client);
  const clientMs = (usage.user + usage.system) / 1000;
  const wallMs = performance.now() - before.wall;
  const total = Object.values(codes).reduce((a, b) => a + b, 0);
  if (feed.sent() < total)
    throw new Error('autocannon did not take the requests from the feed: see rebuildRequest above');
  const refused = Object.entries(codes).reduce((n, [code, count]) => n + (SIGNATURE_ERRORS.has(code) ? count : 0), 0);
  const { average, p50, p99, p99_9, max } = result.latency;
  return {
    rps: result.requests.average,
    latencyMs: { average, p50, p99, p999: p99_9, max },
    total,
    socketErrors: result.errors,
    timeouts: result.timeouts,
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats).map(([s, { count }]) => [s, count])),
    codes,
    signatureErrorShare: total === 0 ? 0 : refused / total,
    serverCpuUsPerRequest: total === 0 ? 0 : (1000 * serverMs) / total,
    loadGeneratorCpuShare: clientMs / wallMs,
    foreignCpuShare: Math.max(0, systemMs - serverMs - clientMs) / wallMs,
  };
}

/** One signed request before the load: a signature error here means the load would measure nothing. */
export async function preflight(port: number, diskId: string, tag: string): Promise<string> {
  const pool = await signedPool(1, [diskId], `${tag}-preflight`);
  const response = await fetch(`http://127.0.0.1:${port}${pool.paths[0]}`);
  const code = codeOf(await response.text());
  if (SIGNATURE_ERRORS.has(code))
    throw new Error(`preflight: a correctly signed request was refused with ${code}: the load would measure nothing`);
  return `${response.status} ${code}`;
}
