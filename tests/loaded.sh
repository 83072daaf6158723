#!/usr/bin/env bash
# `npm run test:loaded`: the whole `npm test` while every core is kept busy by a spinning process,
# the machine CI or the next developer may have. Tests must hold here (timeouts with ≥ 2× margin);
# speed belongs in `npm run bench`, never in a timed assertion.
set -euo pipefail
cd "$(dirname "$0")/.."
cores=$(nproc)
pids=()
for _ in $(seq 1 "$cores"); do
  yes > /dev/null &
  pids+=("$!")
done
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT
echo "test:loaded: $cores busy processes (yes > /dev/null) beside npm test"
start=$(date +%s)
npm test
echo "test:loaded: npm test passed with all $cores cores busy in $(( $(date +%s) - start )) s"
