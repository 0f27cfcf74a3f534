#!/usr/bin/env bash
# The TypeScript SDK's unit tests, for the project's test command: install the pinned
# dependencies (npm ci), build under --strict (src, examples, tests), run the unit tests with
# Node's own runner against a stub server. Needs Node 20.19+ and npm; no network besides the
# npm registry for `npm ci`.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v node >/dev/null || { echo "run-unit.sh: Node.js 20.19+ is required" >&2; exit 1; }
node -e 'const [M,m]=process.versions.node.split(".").map(Number); if (M<20||(M===20&&m<19)) { console.error(`run-unit.sh: Node ${process.versions.node} is too old (20.19+)`); process.exit(1) }'
npm ci --no-audit --no-fund --loglevel=error
npm run --silent build
node --test dist/tests/unit/
