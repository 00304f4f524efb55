#!/usr/bin/env bash
# The three type checks side by side (each tsc is single-threaded): the whole project, emitting dist/ for the
# CLI tests; the pure core (no Node, no DOM); the browser entries (DOM, no Node). Fails if any fails.
set -u
tsc=node_modules/.bin/tsc
"$tsc" -p tsconfig.json --noEmit false --outDir dist & a=$!
"$tsc" -p tsconfig.core.json & b=$!
"$tsc" -p tsconfig.browser.json & c=$!
status=0
for pid in $a $b $c; do wait "$pid" || status=1; done
exit $status
