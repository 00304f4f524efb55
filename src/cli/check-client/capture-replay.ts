/**
 * Replays a captured request, byte for byte, to a simulator over a real socket on 127.0.0.1, its wall clock
 * set to the capture's time (the signature's Timestamp must be fresh), and grades what the simulator
 * journaled by check-client's own request checks: signature, parameters, nothing undocumented. For clients
 * that cannot be installed here (the Python, Java and official Go SDKs), whose exact requests were captured.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { applyProviderState, STATES } from '../../contracts/provider-states.js';
import { seededIds } from '../../core/ids.js';
import { Simulator } from '../../core/simulator.js';
import { createSimulatorServer, listen } from '../../node/server.js';
import { simulatorFetchHandler } from '../../protocol/fetch-handler.js';
import type { CheckName, GradedRequest, RequestWant, UnknownParameters } from './grade.js';
import { requestChecks } from './grade.js';
import { refusal, wasRead } from './unread-request.js';

/** One capture: the `.http` file's bytes and what its `.json` says of them. */
export interface Capture {
  /** The file name without extension, e.g. `python-aliyunsdk-v1-get`. */
  name: string;
  client: string;
  variant: string;
  capturedAt: string;
  method: string;
  /** The request target as sent (raw: fog-aliyun's has spaces in it). */
  target: string;
  headers: Array<[string, string]>;
  body: string;
  bytes: Buffer;
}

export interface ReplayGrade {
  capture: string;
  requests: GradedRequest[];
  failures: Array<{ check: CheckName; detail: string }>;
  /** The first line of the simulator's answer (status), as it came back on the socket. */
  statusLine: string;
  /**
   * Set when the simulator's HTTP layer refused the bytes before the simulator read them: then the request is
   * graded as a URL parser reads it (see {@link replayCapture}), and this says so.
   */
  httpLayer: string | undefined;
}

/** Every capture of a folder (pairs of `.http` and `.json`), sorted by name. */
export function readCaptures(dir: string): Capture[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.http'))
    .sort()
    .map((f) => {
      const name = f.slice(0, -'.http'.length);
      const meta = JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as Omit<Capture, 'name' | 'bytes'>;
      return {
        name,
        client: meta.client,
        variant: meta.variant,
        capturedAt: meta.capturedAt,
        method: meta.method,
        target: meta.target,
        headers: meta.headers,
        body: meta.body,
        bytes: readFileSync(join(dir, f)),
      };
    });
}

/** The call every capture made (captures README), as API parameters. */
const CALL: Record<string, string> = {
  DiskId: 'd-capture-0001',
  SnapshotName: 'nightly-backup',
  Description: 'Nightly backup of the data disk',
  RetentionDays: '30',
  Category: 'Standard',
  ClientToken: '123e4567-e89b-12d3-a456-426655440000',
  'Tag.1.Key': 'team',
  'Tag.1.Value': 'storage',
  'Tag.2.Key': 'env',
  'Tag.2.Value': 'test',
  ResourceGroupId: 'rg-capture-0001',
};

/** Clients whose API has fewer parameters than the call: what they were asked (captures README). */
const TAKES: Array<[RegExp, string[]]> = [
  [/^ruby-fog-aliyun-/, ['DiskId', 'SnapshotName', 'Description']],
  [/^go-aliyungo-.*-typed$/, ['DiskId', 'SnapshotName', 'Description', 'ClientToken']],
];

/** What a capture's request must carry: the call, or the encoding probe's, as far as the client's API takes it. */
export function captureCall(name: string): RequestWant {
  let parameters: Record<string, string> = { ...CALL };
  const booleans = new Set<string>();
  if (name.includes('-encprobe')) {
    parameters.Description = name.endsWith('-ascii') ? "Probe *~!'()+/:=&%" : "Probe *~!'()+/:=&% é快";
    parameters.InstantAccess = 'true';
    booleans.add('InstantAccess');
  }
  const takes = TAKES.find(([re]) => re.test(name))?.[1];
  if (takes !== undefined) parameters = Object.fromEntries(takes.map((k) => [k, parameters[k] as string]));
  return { parameters, signature: 'valid', madeUpToken: false, booleans };
}

/** An answer to one CreateSnapshot is a few hundred bytes; more than this is not read (a bound, not a limit met). */
const MAX_ANSWER_BYTES = 64 * 1024;

/** Sends the bytes as they are, reads the answer to its end (Content-Length, at most MAX_ANSWER_BYTES), and closes. */
function exchange(port: number, bytes: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = Buffer.alloc(0);
    const timer = setTimeout(() => socket.destroy(new Error('no complete answer within 5 s')), 5000);
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer.toString('latin1'));
    };
    socket.on('data', (chunk: Buffer) => {
      answer = Buffer.concat([answer, chunk]);
      if (answer.length > MAX_ANSWER_BYTES) return finish();
      const head = answer.indexOf('\r\n\r\n');
      if (head < 0) return;
      const length = /\r\ncontent-length:\s*(\d+)/i.exec(answer.subarray(0, head).toString('latin1'))?.[1];
      if (length !== undefined && answer.length >= head + 4 + Number(length)) finish();
    });
    socket.on('end', finish);
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.write(bytes);
  });
}

/** A simulator at the capture's time, with the call's disk healthy. */
function simulatorAt(capture: Capture): Simulator {
  const at = Date.parse(capture.capturedAt);
  // Seeded ids: the RequestIds a report (and MATRIX.md) shows are the same on every replay.
  const sim = new Simulator({ wallClock: { now: () => at }, ids: seededIds() });
  const applied = applyProviderState(sim, STATES.healthyDisk, { diskId: CALL.DiskId as string });
  if (!applied.ok) throw new Error(`capture replay: ${applied.errors.join('; ')}`);
  return sim;
}

/**
 * The bytes go to the simulator's HTTP server as they are. When its HTTP layer refuses them before the
 * simulator reads a request (fog-aliyun's raw spaces in the request line: not HTTP/1.1, and no parser of
 * the platform reads them), the request is graded once more as a URL parser reads it (WHATWG URL turns a
 * raw space into %20, as a browser would), through the simulator's fetch handler: so what the client meant
 * is graded too, and the refusal is reported beside it, not hidden.
 */
export async function replayCapture(capture: Capture, unknownParameters: UnknownParameters): Promise<ReplayGrade> {
  const sim = simulatorAt(capture);
  const server = createSimulatorServer(sim, { controlPlane: false });
  let answer: string;
  try {
    const { port } = await listen(server, 0, '127.0.0.1');
    answer = await exchange(port, capture.bytes);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  const statusLine = answer.split('\r\n')[0] ?? '';
  let requests: GradedRequest[] = sim.journal.list();
  let httpLayer: string | undefined;
  // No request the API read: nothing journaled, or only what the HTTP layer refused (if it journals that).
  if (!requests.some(wasRead)) {
    const journaled = requests[0] === undefined ? '' : `; journaled: ${refusal(requests[0])}`;
    const asUrl = simulatorAt(capture);
    const headers = new Headers();
    for (const [name, value] of capture.headers) if (name.toLowerCase() !== 'host') headers.append(name, value);
    const host = capture.headers.find(([name]) => name.toLowerCase() === 'host')?.[1] ?? '127.0.0.1';
    await simulatorFetchHandler(asUrl, { controlPlane: false })(
      new Request(`http://${host}${capture.target}`, {
        method: capture.method,
        headers,
        ...(capture.method === 'GET' || capture.method === 'HEAD' ? {} : { body: capture.body }),
      }),
    );
    requests = asUrl.journal.list();
    httpLayer = `the HTTP layer refused the bytes (${statusLine}${journaled}); graded as a URL parser reads the request`;
  }
  const failures: ReplayGrade['failures'] = [];
  const fail = (check: CheckName, detail: string) => failures.push({ check, detail });
  if (requests.length === 0) fail('request.arrived', `no request reached the simulator; it answered ${statusLine}`);
  for (const r of requests) requestChecks(r, captureCall(capture.name), unknownParameters, fail);
  return { capture: capture.name, requests, failures, statusLine, httpLayer };
}
