#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on 127.0.0.1 and a free port. Usage: pg-start.sh DIR
# Writes DIR/env with DATABASE_URL; stop with pg-stop.sh DIR.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd); . "$here/lib.sh"
DIR=${1:?usage: pg-start.sh DIR}; mkdir -p "$DIR"; DIR=$(cd "$DIR" && pwd)
BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
read -r PORT <<<"$(freeports 1)"
PW=$(randstr 'A-Za-z0-9' 24)
run() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$DIR"
echo "$PW" >"$DIR/pw"; [ "$(id -u)" = 0 ] && chown postgres "$DIR/pw"
run "$BIN/initdb" -D "$DIR/data" -U copper --pwfile="$DIR/pw" -A scram-sha-256 >"$DIR/initdb.log" 2>&1
run "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/postgres.log" -w -t 60 \
  -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=200" start >/dev/null
run env PGPASSWORD="$PW" "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U copper copper </dev/null
cat >"$DIR/env" <<ENV
DATABASE_URL=postgres://copper:$PW@127.0.0.1:$PORT/copper
PG_DIR=$DIR
ENV
