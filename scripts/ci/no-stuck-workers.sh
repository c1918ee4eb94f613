#!/usr/bin/env bash
# Runs a Jest command (`npm test …`) and fails it when Jest had to force a worker process to exit.
# Note: npm test runs its files in worker processes (workerIdleMemoryLimit, jest.config.mjs), and
# tests/support/hang-guard.ts sees only Jest's own process: a test file that leaves a socket, a
# server or a timer open in a worker shows only as Jest's warning, and the run would still pass.
set -uo pipefail
output=$(mktemp)
"$@" 2>&1 | tee "$output"
status=${PIPESTATUS[0]}
if grep -q "A worker process has failed to exit gracefully" "$output"; then
  printf '\n!!! Jest forced a worker to exit: a test file left something open (run the file with --detectOpenHandles).\n'
  status=1
fi
rm -f "$output"
exit "$status"
