#!/usr/bin/env bash
# `npm run bench`: Copper's upload throughput and peak memory against `aws s3 cp` and
# `rclone copy`, measured in the same run against the same (file-backed) Ceph RGW.
# The full run (~10 min on 2 cores, five rounds) uses smaller sizes than issue 10's so it stays under 15
# minutes; BENCH_QUICK=1 is a ~3-minute version. Sizes (bench/sizes.ts): BENCH_HUGE_MB (full
# run 1024, spec 2048), BENCH_MEDIUM_COUNT (× 8 MiB; 50, spec 200), BENCH_SMALL_COUNT
# (× 256 KiB; 1000, spec 2000), BENCH_TINY_COUNT (× 32 KiB; 1000, spec 5000), BENCH_MEMORY_MB
# (1024,10240; spec 512,10240), BENCH_RESUME_MB, BENCH_JPEGS (100, spec 500), BENCH_TIFFS
# (15, spec 50), BENCH_LIBRARY_ENTRIES, BENCH_ROUNDS. Generated catalog images are kept between
# runs in $TMPDIR/copper-bench-images (or BENCH_IMAGE_CACHE).
set -euo pipefail
cd "$(dirname "$0")/.."
# The results count the whole command's time, the build and the services included.
export BENCH_STARTED_AT=${BENCH_STARTED_AT:-$(date +%s%3N)}
scripts/ensure-deps.sh
. scripts/project-node.sh
scripts/services/ensure-packages.sh bench s3 browser
# The renderer line drives the built UI, and the CLI must be the current sources.
npm run -s build >/dev/null
# The bench's own copy of the CLI (bench/copper.mjs runs it): editing a source during a run must
# not switch the remaining runs to tsx, as bin/copper.mjs does once a source is newer than dist/cli.
node scripts/build-cli.mjs --outdir dist/bench-cli >/dev/null
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
RGW_OBJECTSTORE=bluestore exec scripts/with-services.sh npx tsx bench/run.ts "$@"
