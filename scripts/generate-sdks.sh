#!/usr/bin/env bash
# Regenerates the SDKs under sdks/ from the OpenAPI document (openapi/openapi.json, or the
# file named by FLEET_OPENAPI_DOCUMENT). Usage: scripts/generate-sdks.sh [typescript] [python]
# (default: every language below). Each language's half is its own function, generate_<lang>,
# kept between its BEGIN/END markers by that SDK's maintainers. Output must be byte-identical
# from run to run: the test command runs this script and then `git diff --exit-code sdks/`.
set -euo pipefail
cd "$(dirname "$0")/.."
export FLEET_OPENAPI_DOCUMENT="${FLEET_OPENAPI_DOCUMENT:-$PWD/openapi/openapi.json}"

# ---- BEGIN TypeScript (sdks/typescript) --------------------------------------------------
# npm ci (the pinned generators from package-lock.json; skipped when node_modules was installed
# from this very package-lock.json), then `npm run generate` (codegen/generate.mjs):
# @hey-api/openapi-ts -> src/generated/, codegen/resources.mjs -> src/resources.ts,
# openapi-typescript -> check/openapi-typescript/schema.d.ts. Fails when a generator prints a
# warning.
generate_typescript() {
  echo "==> TypeScript SDK (sdks/typescript)" >&2
  command -v npm >/dev/null || { echo "generate_typescript: npm (Node 20+) is required" >&2; return 1; }
  (
    cd sdks/typescript
    if ! cmp -s package-lock.json node_modules/.fleet-installed-lock.json; then
      npm ci --no-audit --no-fund --loglevel=error
      cp package-lock.json node_modules/.fleet-installed-lock.json
    fi
    npm run --silent generate
  )
}
# ---- END TypeScript ----------------------------------------------------------------------

# ---- BEGIN Python (sdks/python): generate_python, written by the Python SDK's maintainers --
# A private venv (sdks/python/.codegen-venv, or FLEET_PY_CODEGEN_VENV) with the pinned
# generator and ruff (sdks/python/codegen/requirements.txt; rebuilt when that file changes),
# then codegen/generate.py: openapi-python-client -> wecom_fleet/_generated/,
# codegen/resources.py -> wecom_fleet/resources.py, _events.py, _version.py. Fails when a
# generator prints a warning.
generate_python() {
  echo "==> Python SDK (sdks/python)" >&2
  local sdk=sdks/python
  local venv="${FLEET_PY_CODEGEN_VENV:-$PWD/$sdk/.codegen-venv}"
  local python="${PYTHON:-python3}"
  command -v "$python" >/dev/null || { echo "generate_python: python3 (3.11+) is required" >&2; return 1; }
  "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' ||
    { echo "generate_python: $("$python" --version 2>&1) is too old: openapi-python-client 0.29.1 needs 3.11+" >&2; return 1; }
  if ! cmp -s "$sdk/codegen/requirements.txt" "$venv/.requirements.txt"; then
    rm -rf "$venv"
    if ! "$python" -m venv "$venv" >/dev/null 2>&1; then
      # Debian keeps venv apart (python3-venv); install it when we may.
      if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
          DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
      fi
      rm -rf "$venv"
      "$python" -m venv "$venv" || { echo "generate_python: cannot create a venv (install python3-venv)" >&2; return 1; }
    fi
    "$venv/bin/python" -m pip install -q --disable-pip-version-check -r "$sdk/codegen/requirements.txt"
    cp "$sdk/codegen/requirements.txt" "$venv/.requirements.txt"
  fi
  "$venv/bin/python" "$sdk/codegen/generate.py" --document "$FLEET_OPENAPI_DOCUMENT"
}
# ---- END Python --------------------------------------------------------------------------

main() {
  local langs=("$@")
  if [ "${#langs[@]}" -eq 0 ]; then langs=(typescript python); fi
  for lang in "${langs[@]}"; do
    if declare -F "generate_$lang" >/dev/null; then
      "generate_$lang"
    else
      echo "generate-sdks: no generate_$lang in this script yet" >&2
      [ "$#" -eq 0 ] || exit 1
    fi
  done
}

main "$@"
