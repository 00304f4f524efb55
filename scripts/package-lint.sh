#!/usr/bin/env bash
# The package's metadata as tools see it (offline): publint (package.json fields, exports, files) and
# Are The Types Wrong (every export's types resolve for Node 16+ ESM and bundlers; the package is ESM only,
# so CommonJS require() is not a target). Both pack the package (npm pack runs the build). In .ci/run.
# Quiet when both pass; the failing tool's report otherwise.
set -u
cd "$(dirname "$0")/.."
out=$(mktemp)
trap 'rm -f "$out"' EXIT
status=0
for tool in "publint --strict" "attw --pack . --profile esm-only"; do
  # shellcheck disable=SC2086 # the tool and its flags are meant to split
  if ! npx $tool >"$out" 2>&1; then
    status=1
    echo "npx $tool failed:"
    cat "$out"
  fi
done
[ $status -eq 0 ] && echo "package-lint passed: publint --strict, attw (esm-only)"
exit $status
