#!/usr/bin/env bash
# Refreshes the portal's vendored JavaScript and CSS from their npm packages. The product
# embeds the files (services/portal/assets/vendor) and never needs Node; this script, run by a
# developer when upgrading, is the only place npm is used for them. It writes MANIFEST with
# each file's package, version and SHA-256; a unit test holds the embedded files to it.
#
#   scripts/refresh-portal-assets.sh            # the pinned versions below
#   HTMX=2.0.12 scripts/refresh-portal-assets.sh
set -euo pipefail
cd "$(dirname "$0")/.."

# htmx 2: the stable line (4.x changed its request model; not needed here).
HTMX=${HTMX:-2.0.11}
UPLOT=${UPLOT:-1.6.32}
DEST=services/portal/assets/vendor

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# fetch <package> <version> <path in package> <file name here>
fetch() {
  local package=$1 version=$2 inside=$3 name=$4
  (cd "$work" && npm pack --silent "$package@$version" >/dev/null)
  local tarball
  tarball=$(ls "$work"/*.tgz)
  tar -xzf "$tarball" -C "$work" "package/$inside"
  cp "$work/package/$inside" "$DEST/$name"
  rm -rf "$tarball" "$work/package"
  printf '%s %s %s %s\n' "$name" "$package" "$version" "$(sha256sum "$DEST/$name" | cut -d' ' -f1)" >>"$work/MANIFEST"
}

mkdir -p "$DEST"
fetch htmx.org "$HTMX" dist/htmx.min.js htmx.min.js
fetch uplot "$UPLOT" dist/uPlot.iife.min.js uPlot.iife.min.js
fetch uplot "$UPLOT" dist/uPlot.min.css uPlot.min.css
{
  echo "# file package version sha256 — written by scripts/refresh-portal-assets.sh"
  cat "$work/MANIFEST"
} >"$DEST/MANIFEST"
cat "$DEST/MANIFEST"
