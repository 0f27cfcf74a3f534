#!/usr/bin/env bash
# Checks Cargo.lock against the offline RustSec snapshot (../shared/advisory-db, or
# FLEET_ADVISORY_DB): any advisory not explained in scripts/advisories-allowed.txt fails, and
# so does an explanation that no longer matches anything.
set -euo pipefail
cd "$(dirname "$0")/.."
db="${FLEET_ADVISORY_DB:-../shared/advisory-db}"
tool="${FLEET_ADVISORY_TOOL:-../shared/tools/advisories.py}"
if [ ! -d "$db" ] || [ ! -f "$tool" ]; then
  echo "advisory check skipped: no snapshot at $db (set FLEET_ADVISORY_DB)" >&2
  exit 0
fi
# The tool exits 1 whenever anything matches; what matches is judged below.
report=$(python3 "$tool" "$db" Cargo.lock || true)
found=$(echo "$report" | sed -n 's/^\([^ ]*\) \([^:]*\): \(RUSTSEC-[0-9-]*\).*/\1 \2 \3/p' | sort -u)
allowed=$(grep -v '^#' scripts/advisories-allowed.txt | grep -v '^$' | sort -u)
unexplained=$(comm -23 <(echo "$found") <(echo "$allowed") | grep -v '^$' || true)
stale=$(comm -13 <(echo "$found") <(echo "$allowed") | grep -v '^$' || true)
if [ -n "$unexplained" ]; then
  echo "advisories not explained in scripts/advisories-allowed.txt:" >&2
  echo "$report" | grep -F -f <(echo "$unexplained" | awk '{print $3}') >&2 || true
  exit 1
fi
if [ -n "$stale" ]; then
  echo "scripts/advisories-allowed.txt explains advisories that no longer match; remove:" >&2
  echo "$stale" >&2
  exit 1
fi
echo "advisories: $(echo "$found" | grep -c . || true) matched, each explained in scripts/advisories-allowed.txt"
