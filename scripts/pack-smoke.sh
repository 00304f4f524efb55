#!/usr/bin/env bash
# The package as users get it: pack it, install the tarball into a fresh project with --engine-strict (its
# dependencies from the npm registry), then: every runnable code block of the docs against it (the SDK
# snippets with the Alibaba SDKs, the MSW ones with msw 2 at the bottom of the peer range, then again with
# msw 3), the bin through npx (serve, verify against it, check-client with a driver shipped in the package).
# Not part of npm test (it installs ~400 packages); needs Node 22 or later, as the package does.
set -euo pipefail
export PACT_DO_NOT_TRACK=true
root=$(cd "$(dirname "$0")/.." && pwd)
node -e 'const [a, b] = process.versions.node.split(".").map(Number); if (a < 22 || (a === 22 && b < 12)) { console.error(`pack-smoke needs Node 22.12 or later (msw 3 does), this is ${process.version}`); process.exit(2); }'
work=$(mktemp -d)
server=
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
dev() { node -p "require('$root/package.json').devDependencies['$1']"; }
msw_floor=$(node -p "require('$root/package.json').peerDependencies.msw.split('||')[0].trim().replace(/^\^/, '')")
snippets() { (cd "$root" && node --import tsx scripts/doc-snippets.ts --cwd "$work" --cli "$work/node_modules/.bin/ecs-conformance" "$@"); }

cd "$root" && npm pack --silent --pack-destination "$work" >/dev/null
cd "$work" && npm init -y >/dev/null
npm install --silent --no-audit --no-fund --engine-strict ./ecs-createsnapshot-conformance-*.tgz \
  "@alicloud/ecs20140526@$(dev @alicloud/ecs20140526)" "@alicloud/openapi-core@$(dev @alicloud/openapi-core)" \
  "@alicloud/pop-core@$(dev @alicloud/pop-core)" "msw@$msw_floor"
echo "== the docs' code blocks (msw $msw_floor)"
snippets
npm install --silent --no-audit --no-fund --engine-strict msw@3
echo "== the docs' MSW code blocks (msw $(node -p "require('msw/package.json').version"))"
snippets --grep "from 'msw"

echo "== the bin"
npx ecs-conformance --help >/dev/null
# The bin itself, not through npx: $! is then the server, which the trap stops.
node_modules/.bin/ecs-conformance serve --port 0 >serve.log &
server=$!
for _ in $(seq 50); do grep -q '^listening on' serve.log && break; sleep 0.1; done
url=$(sed -n 's/^listening on //p' serve.log)
npx ecs-conformance verify --provider-url "$url" --state-change-url "$url/_sim/pact-state" --junit out/verify.xml >verify.log ||
  { cat verify.log; exit 1; }
grep -E "^[0-9]+ passed" verify.log
npx ecs-conformance check-client --driver "node node_modules/ecs-createsnapshot-conformance/examples/drivers/reference-client.mjs" \
  --jobs 2 --junit out/client.xml >client.log || { cat client.log; exit 1; }
tail -1 client.log
echo "pack smoke test: passed"
