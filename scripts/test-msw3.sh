#!/usr/bin/env bash
# The MSW tests again with msw 3 (the repository's own tests use the devDependency, msw 2): msw 3 is installed
# into a cache folder, node_modules/msw is pointed at it for the run and put back afterwards (even on failure),
# and the files that make handlers with msw run. msw 3 needs Node 22.12 or later. Needs the npm registry once.
#   bash scripts/test-msw3.sh [VERSION]     (default: the newest 3.x)
set -euo pipefail
cd "$(dirname "$0")/.."
version=${1:-3}
cache=${ECS_CI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ecs-createsnapshot-conformance}/msw-$version
if [ ! -f "$cache/node_modules/msw/package.json" ]; then
  npm install --silent --no-audit --no-fund --prefix "$cache" "msw@$version" >/dev/null
fi
[ -L node_modules/msw ] && rm node_modules/msw && [ -d node_modules/.msw-devDependency ] &&
  mv node_modules/.msw-devDependency node_modules/msw # an interrupted earlier run
mv node_modules/msw node_modules/.msw-devDependency
trap 'rm -f node_modules/msw; mv node_modules/.msw-devDependency node_modules/msw' EXIT
ln -s "$cache/node_modules/msw" node_modules/msw
echo "MSW tests with msw $(node -p "require('$cache/node_modules/msw/package.json').version") on Node $(node -v)"
ECS_TEST_MSW_MAJOR=${version%%.*} npx vitest run --project unit \
  test/package/msw-version.test.ts test/simulator/behaviour.test.ts test/simulator/control-plane.test.ts \
  test/browser/msw-worker.test.ts
