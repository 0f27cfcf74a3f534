#!/usr/bin/env bash
# The portal in a real browser: Debian's Chromium driven by Playwright (npm playwright-core,
# pinned in services/portal/browser-tests/package-lock.json) against the real binary's demo,
# every main page checked by axe-core. Screenshots land in docs/screenshots (the README's).
#
#   scripts/test-portal.sh                  # builds the debug binary if needed
#   FLEET_BIN=target/release/wecom-fleet scripts/test-portal.sh
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD

BIN=${FLEET_BIN:-${CARGO_TARGET_DIR:-$REPO/target}/debug/wecom-fleet}
[ -x "$BIN" ] || cargo build -q --locked -p wecom-fleet
command -v chromium >/dev/null || {
  echo "test-portal.sh: Debian's chromium is needed (apt-get install chromium)" >&2
  exit 2
}

cd services/portal/browser-tests
# The browser comes from Debian; Playwright must not fetch its own.
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --silent
FLEET_BIN=$BIN CHROMIUM=$(command -v chromium) FLEET_SCREENSHOTS=$REPO/docs/screenshots \
  node --test --test-concurrency=1 --test-reporter=spec tests/
