#!/usr/bin/env bash
# `npm test`: the whole suite on a fresh machine. Installs the Debian packages the tests need
# (once), lints, typechecks, checks the Electron security settings, builds, then runs unit,
# integration and e2e tests with the real services started around them and stopped after.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
scripts/ensure-deps.sh
. scripts/project-node.sh
step "Debian packages (Ceph RGW, PostgreSQL, Secret Service, Chromium)"
scripts/services/ensure-packages.sh s3 postgres keychain browser proxy
step "Node $(node --version) (the project's, from .nvmrc)"
step "lint";       npx eslint . && npx prettier --check --log-level warn .
step "typecheck";  npm run -s typecheck
step "build";      npm run -s build
step "electron security (electronegativity)"; node scripts/check-electron-security.mjs
step "unit, integration and e2e tests against real services"
scripts/with-services.sh npx vitest run "$@"
