#!/usr/bin/env bash
# The package as users get it: pack it, install the tarball into a fresh project (from the npm registry for
# its dependencies), then run the bin through npx: serve, verify against it, and check-client with a driver
# that uses the installed reference client. Not part of npm test (it installs ~400 packages).
set -euo pipefail
export PACT_DO_NOT_TRACK=true
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
server=
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
cd "$root" && npm pack --silent --pack-destination "$work" >/dev/null
cd "$work" && npm init -y >/dev/null && npm install --silent ./ecs-createsnapshot-conformance-*.tgz
npx ecs-conformance --help >/dev/null
npx ecs-conformance serve --port 0 >serve.log &
server=$!
for _ in $(seq 50); do grep -q '^listening on' serve.log && break; sleep 0.1; done
url=$(sed -n 's/^listening on //p' serve.log)
npx ecs-conformance verify --provider-url "$url" --state-change-url "$url/_sim/pact-state" --junit out/verify.xml
cat >driver.mjs <<'JS'
import { createClient } from 'ecs-createsnapshot-conformance/client';
let text = '';
for await (const chunk of process.stdin) text += chunk;
const { input, format } = JSON.parse(text);
const credentials = { accessKeyId: process.env.ECS_ACCESS_KEY_ID, accessKeySecret: process.env.ECS_ACCESS_KEY_SECRET };
const client = createClient({ endpoint: process.env.ECS_ENDPOINT, credentials, format, retry: { attempts: 3, baseDelayMs: 10 } });
const r = await client.createSnapshot(input);
const e = r.ok ? undefined : r.error;
console.log(JSON.stringify(r.ok ? r : { ok: false, code: e.code ?? null, httpStatus: e.httpStatus ?? null, requestId: e.requestId ?? null }));
JS
npx ecs-conformance check-client --driver "node driver.mjs" --jobs 2 --junit out/client.xml
echo "pack smoke test: passed"
