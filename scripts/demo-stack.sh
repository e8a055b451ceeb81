#!/usr/bin/env bash
# Runs inside scripts/with-services.sh (S3_*, DATABASE_URL and a Secret Service are set up):
# configures the API exactly as an admin would on Heroku, through the same commands.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd); . "$here/services/lib.sh"
cd "$here/.."
read -r API_PORT <<<"$(freeports 1)"
export S3_BUCKET=copper-gallery AWS_REGION=$S3_REGION AWS_ACCESS_KEY_ID=$S3_ACCESS_KEY AWS_SECRET_ACCESS_KEY=$S3_SECRET_KEY
export UPLOAD_ROLE_ARN=$S3_ROLE_ARN PORT=$API_PORT
unset AWS_CA_BUNDLE
demo_dir=$(mktemp -d /tmp/copper-demo.XXXXXX)
export COPPER_DATA_DIR=$demo_dir/profile
api_pid=
cleanup() { [ -n "$api_pid" ] && kill "$api_pid" 2>/dev/null; rm -rf "$demo_dir"; }
trap cleanup EXIT

say() { printf '\033[1mdemo:\033[0m %s\n' "$*" >&2; }
say "provisioning bucket $S3_BUCKET"
npm run -s api:admin -- provision >&2
say "creating accounts"
COPPER_NEW_PASSWORD=copper-demo-artist npm run -s api:admin -- user add --email artist@copper.test --role artist --artist-id demo-artist --name "Dana Demo" >&2
COPPER_NEW_PASSWORD=copper-demo-staff npm run -s api:admin -- user add --email staff@copper.test --role staff --name "Sam Staff" >&2
npm run -s api:release >&2
npm run -s api >"$demo_dir/api.log" 2>&1 & api_pid=$!
for i in $(seq 1 100); do curl -sf "http://127.0.0.1:$API_PORT/healthz" >/dev/null && break; [ "$i" = 100 ] && { say "the API did not start:"; cat "$demo_dir/api.log" >&2; exit 1; }; sleep 0.1; done
say "Copper API on http://127.0.0.1:$API_PORT (log: $demo_dir/api.log)"

say "signing the app in as the demo artist (token goes to the keychain)"
COPPER_PASSWORD=copper-demo-artist node bin/copper.mjs login --api "http://127.0.0.1:$API_PORT" --email artist@copper.test >&2
node scripts/demo-artwork.mjs "$demo_dir/Artwork" >&2
say "sample artwork in $demo_dir/Artwork — drop it on the window, or: node bin/copper.mjs add $demo_dir/Artwork && node bin/copper.mjs upload --wait"
cat >&2 <<TXT

  Accounts   artist@copper.test / copper-demo-artist   (signed in)
             staff@copper.test  / copper-demo-staff
  API        http://127.0.0.1:$API_PORT
  S3         $S3_ENDPOINT  bucket $S3_BUCKET

TXT
if electron_bin=$(node -e "process.stdout.write(require('electron'))" 2>/dev/null) && [ -x "$electron_bin" ] && [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  say "starting the Copper desktop app"
  "$electron_bin" .
else
  say "no Electron binary or display here: serving the same app to your browser instead"
  npx tsx hosts/web/start.ts --data-dir "$COPPER_DATA_DIR"
fi
