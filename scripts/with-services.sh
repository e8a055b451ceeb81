#!/usr/bin/env bash
# Runs a command with the local gallery stack around it: a throwaway Ceph RGW (real S3),
# a throwaway PostgreSQL and a Secret Service (the OS keychain on Linux), all stopped by PID
# when the command ends. An S3_ENDPOINT (+ S3_ACCESS_KEY/S3_SECRET_KEY/S3_ROLE_ARN) or a
# DATABASE_URL already in the environment is used instead of starting that service.
# Usage: scripts/with-services.sh CMD [ARG...]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
svc=$root/scripts/services
. "$root/scripts/project-node.sh"
groups=(keychain)
[ -n "${S3_ENDPOINT:-}" ] || groups+=(s3)
[ -n "${DATABASE_URL:-}" ] || groups+=(postgres)
"$svc/ensure-packages.sh" "${groups[@]}"
run_dir=$(mktemp -d /tmp/copper-services.XXXXXX)
chmod 755 "$run_dir"   # PostgreSQL runs as the postgres user and must reach its folder
cleanup() {
  [ -f "$run_dir/rgw/env" ] || [ -d "$run_dir/rgw/pids" ] && "$svc/rgw-stop.sh" "$run_dir/rgw"
  [ -d "$run_dir/pg" ] && "$svc/pg-stop.sh" "$run_dir/pg"
  rm -rf "$run_dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
if [ -z "${S3_ENDPOINT:-}" ]; then
  "$svc/rgw-start.sh" "$run_dir/rgw" & rgw_pid=$!
fi
if [ -z "${DATABASE_URL:-}" ]; then
  "$svc/pg-start.sh" "$run_dir/pg" & pg_pid=$!
fi
[ -n "${rgw_pid:-}" ] && { wait "$rgw_pid" || { echo "with-services: could not start the S3 server (Ceph RGW)" >&2; exit 1; }; set -a; . "$run_dir/rgw/env"; set +a; }
[ -n "${pg_pid:-}" ] && { wait "$pg_pid" || { echo "with-services: could not start PostgreSQL" >&2; exit 1; }; set -a; . "$run_dir/pg/env"; set +a; }
export S3_REGION=${S3_REGION:-us-east-1}
echo "with-services: S3 ${S3_ENDPOINT} · PostgreSQL ${DATABASE_URL%%:*}://…@${DATABASE_URL##*@}" >&2
# A private session bus with an unlocked gnome-keyring: the real Secret Service, not a stand-in.
if [ "$(uname)" = Linux ] && [ -z "${COPPER_SYSTEM_KEYCHAIN:-}" ]; then
  dbus-run-session -- bash -c 'printf %s copper-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; exec "$@"' with-services "$@"
else
  "$@"
fi
