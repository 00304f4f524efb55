#!/usr/bin/env bash
# The package's metadata as tools see it (offline): publint (package.json fields, exports, files) and
# Are The Types Wrong (every export's types resolve for Node 16+ ESM and bundlers; the package is ESM only,
# so CommonJS require() is not a target). Both pack the package (npm pack runs the build). In .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
npx publint --strict
npx attw --pack . --profile esm-only
