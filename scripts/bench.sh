#!/usr/bin/env bash
# `npm run bench`: Copper's upload throughput, CPU and peak memory against `aws s3 cp` and
# `rclone copy` (defaults and tuned), measured in the same run against the same file-backed
# Ceph RGW, plus the memory, resume, catalog and renderer lines (see bench/run.ts).
# BENCH_QUICK=1 for a ~3-minute version; results go to bench/results/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-deps.sh
scripts/services/ensure-packages.sh bench s3 browser
# The renderer line drives the built UI, and the CLI must be the current sources.
npm run -s build >/dev/null
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
RGW_OBJECTSTORE=bluestore exec scripts/with-services.sh npx tsx bench/run.ts "$@"
