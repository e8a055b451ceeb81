#!/usr/bin/env bash
# Installs the Debian packages the local gallery stack and the tests need, when missing.
# Usage: ensure-packages.sh [group...]   groups: s3 postgres keychain browser proxy bench (default: all but bench)
set -euo pipefail
groups=("$@"); [ ${#groups[@]} -gt 0 ] || groups=(s3 postgres keychain browser proxy)
need=()
want() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed' || need+=("$1"); }
for g in "${groups[@]}"; do
  case "$g" in
    s3) for p in radosgw ceph-mon ceph-osd ceph-common uuid-runtime python3; do want "$p"; done ;;
    postgres) want postgresql ;;
    keychain) for p in dbus gnome-keyring; do want "$p"; done ;;
    # Xvfb: a display for the Electron run of the e2e specs on a headless machine.
    browser) for p in chromium xvfb; do want "$p"; done ;;
    # tinyproxy: a real HTTP proxy; openssl: the private CA of the custom-CA test.
    proxy) for p in tinyproxy openssl; do want "$p"; done ;;
    bench) for p in awscli rclone; do want "$p"; done ;;
    *) echo "ensure-packages: unknown group '$g'" >&2; exit 2 ;;
  esac
done
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "ensure-packages: missing Debian packages: ${need[*]} — install them with: sudo apt-get install ${need[*]}" >&2
  exit 1
fi
echo "ensure-packages: installing ${need[*]} (once per machine)…" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
