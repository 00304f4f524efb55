#!/usr/bin/env node
/**
 * check-client driver for this project's reference client (V3 by default, `--v1` for V1), with its opt-in
 * retries on. Needs the compiled package (`npm run build`; `npm ci` does it). `--node-http` gives the client
 * a fetch made of node:http (its `fetch` option): Node 20's own fetch costs about 180 ms of CPU to load in
 * each driver process, most of a driver run (see `npm run bench:check-client`). Answers a call per line, so
 * it also runs with --persistent (one process per job, the fastest grade):
 *   npx ecs-conformance check-client --driver "node examples/drivers/reference-client.mjs" --persistent
 */
import { request } from 'node:http';
import { createClient } from 'ecs-createsnapshot-conformance/client';
import { answerCalls, endpointOf } from './answer-calls.mjs';

/** The part of fetch the client uses (status, headers.get, text), over node:http. */
const nodeHttpFetch = (url, init) =>
  new Promise((resolve, reject) => {
    const req = request(url, { method: init.method, headers: init.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () =>
        resolve({
          status: res.statusCode,
          headers: { get: (name) => res.headers[name.toLowerCase()] ?? null },
          text: async () => body,
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(init.body);
  });

await answerCalls(async (call) => {
  const client = createClient({
    endpoint: endpointOf(call),
    credentials: {
      accessKeyId: process.env.ECS_ACCESS_KEY_ID,
      accessKeySecret: process.env.ECS_ACCESS_KEY_SECRET,
    },
    signatureVersion: process.argv.includes('--v1') ? 'V1' : 'V3',
    format: call.format === 'XML' ? 'XML' : 'JSON',
    retry: { attempts: 3, baseDelayMs: 100 },
    ...(process.argv.includes('--node-http') ? { fetch: nodeHttpFetch } : {}),
  });
  // The neutral input is the client's own input shape; a missing DiskId is left out, not refused.
  const result = await client.createSnapshot(call.input);
  if (result.ok) return { ok: true, snapshotId: result.snapshotId, requestId: result.requestId };
  const { error } = result;
  if (error.kind === 'api')
    return { ok: false, code: error.code, httpStatus: error.httpStatus, requestId: error.requestId };
  return {
    ok: false,
    code: null,
    httpStatus: error.kind === 'protocol' ? error.httpStatus : null,
    error: `${error.kind}: ${error.message}`,
  };
});
