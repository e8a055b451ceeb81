#!/usr/bin/env bash
# `npm run demo`: the whole local gallery — a real S3 server (Ceph RGW), PostgreSQL, the Copper
# API, a Secret Service — with a provisioned bucket, a demo artist and a demo staff account,
# and the Copper app signed in as the artist. Ctrl-C stops and removes everything.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-deps.sh
. scripts/project-node.sh
scripts/services/ensure-packages.sh s3 postgres keychain
[ -f dist/renderer/index.html ] && [ -z "${COPPER_DEMO_REBUILD:-}" ] || npm run -s build
exec scripts/with-services.sh bash scripts/demo-stack.sh
