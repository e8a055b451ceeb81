#!/usr/bin/env bash
# Stops the cluster started by pg-start.sh DIR and removes DIR.
DIR=${1:?usage: pg-stop.sh DIR}; [ -d "$DIR/data" ] || { rm -rf "$DIR"; exit 0; }
BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$BIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1
else "$BIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1; fi
rm -rf "$DIR"
