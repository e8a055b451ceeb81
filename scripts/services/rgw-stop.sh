#!/usr/bin/env bash
# Stops the cluster started by rgw-start.sh DIR (by recorded PID) and removes DIR.
here=$(cd "$(dirname "$0")" && pwd); . "$here/lib.sh"
DIR=${1:?usage: rgw-stop.sh DIR}; [ -d "$DIR" ] || exit 0
stop_pids "$DIR" ceph-mon ceph-osd radosgw; rm -rf "$DIR"
