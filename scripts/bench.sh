#!/usr/bin/env bash
# `npm run bench`: Copper's upload throughput and peak memory against `aws s3 cp` and
# `rclone copy`, measured in the same run against the same (file-backed) Ceph RGW.
# Sizes: BENCH_HUGE_MB (default 2048), BENCH_MEDIUM_COUNT (200 × 8 MiB), BENCH_SMALL_COUNT (2000 × 32 KiB).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-deps.sh
. scripts/project-node.sh
scripts/services/ensure-packages.sh bench s3
RGW_OBJECTSTORE=bluestore exec scripts/with-services.sh npx tsx bench/run.ts "$@"
