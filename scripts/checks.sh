#!/usr/bin/env bash
# The static checks of npm test, side by side (npm test must stay under a minute on 2 cores): generated files
# current, Biome and Redocly, the type checks (which also emit dist/ for the CLI tests). Output is kept per
# check and shown for the ones that fail.
set -u
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
npm run -s generate:check >"$dir/generate" 2>&1 & g=$!
npm run -s lint >"$dir/lint" 2>&1 & l=$!
npm run -s typecheck >"$dir/typecheck" 2>&1 & t=$!
status=0
for check in generate:$g lint:$l typecheck:$t; do
  if ! wait "${check#*:}"; then
    status=1
    echo "npm run ${check%%:*} failed:"
    cat "$dir/${check%%:*}"
  fi
done
[ $status -eq 0 ] && echo "checks passed: generated files current, lint, types"
exit $status
