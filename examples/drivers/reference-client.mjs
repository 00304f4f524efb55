#!/usr/bin/env node
/**
 * check-client driver for this project's reference client (V3 by default, `--v1` for V1), with its opt-in
 * retries on. Needs the compiled package (`npm run build`; `npm ci` does it).
 *   npx ecs-conformance check-client --driver "node examples/drivers/reference-client.mjs"
 */
import { createClient } from 'ecs-createsnapshot-conformance/client';

const print = (result) => process.stdout.write(`${JSON.stringify(result)}\n`);

async function readStdin() {
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  return JSON.parse(text);
}

async function main() {
  const call = await readStdin();
  const client = createClient({
    endpoint: process.env.ECS_ENDPOINT,
    credentials: {
      accessKeyId: process.env.ECS_ACCESS_KEY_ID,
      accessKeySecret: process.env.ECS_ACCESS_KEY_SECRET,
    },
    signatureVersion: process.argv.includes('--v1') ? 'V1' : 'V3',
    format: call.format === 'XML' ? 'XML' : 'JSON',
    retry: { attempts: 3, baseDelayMs: 100 },
  });
  // The neutral input is the client's own input shape; a missing DiskId is left out, not refused.
  const result = await client.createSnapshot(call.input);
  if (result.ok) return print({ ok: true, snapshotId: result.snapshotId, requestId: result.requestId });
  const { error } = result;
  if (error.kind === 'api') {
    return print({ ok: false, code: error.code, httpStatus: error.httpStatus, requestId: error.requestId });
  }
  print({
    ok: false,
    code: null,
    httpStatus: error.kind === 'protocol' ? error.httpStatus : null,
    error: `${error.kind}: ${error.message}`,
  });
}

main().catch((error) => print({ ok: false, code: null, httpStatus: null, error: String(error?.message ?? error) }));
