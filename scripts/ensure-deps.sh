#!/usr/bin/env bash
# Installs the locked dependencies when node_modules is missing or older than package-lock.json,
# so `npm test` and `npm run demo` each work as the first command typed on a fresh clone.
set -euo pipefail
cd "$(dirname "$0")/.."
marker=node_modules/.package-lock.json
if [ ! -f "$marker" ] || [ package-lock.json -nt "$marker" ]; then
  printf '\n\033[1m== %s\033[0m\n' "installing the locked dependencies (npm ci)"
  npm ci
fi
