#!/usr/bin/env bash
# The type checks side by side (each tsc is single-threaded): the whole project, tests and scripts included,
# with no output; the pure core (no Node, no DOM); the browser entries (DOM, no Node); and the package's build
# (src/ without its tests, into a fresh dist/, which the CLI tests run). Fails if any fails.
set -u
tsc=node_modules/.bin/tsc
"$tsc" -p tsconfig.json & a=$!
"$tsc" -p tsconfig.core.json & b=$!
"$tsc" -p tsconfig.browser.json & c=$!
rm -rf dist && "$tsc" -p tsconfig.build.json & d=$!
status=0
for pid in $a $b $c $d; do wait "$pid" || status=1; done
exit $status
