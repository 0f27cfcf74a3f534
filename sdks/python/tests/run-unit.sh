#!/usr/bin/env bash
# The Python SDK's unit tests, for scripts/test-sdks.sh: a venv, the SDK installed from
# sdks/python (pip install, as a user would), pytest and the reference `standardwebhooks`
# package (tests/requirements.txt), then the unit tests against a stub server they start
# themselves. Needs Python 3.11+ (PYTHON, default python3) and PyPI; no server. The live tests
# (tests/live/) are not run here.
#
# The venv is a fresh one in /tmp, removed afterwards, unless FLEET_PY_TEST_VENV names one to
# keep and reuse (the SDK is reinstalled into it on every run); scripts/test-sdks.sh does that.
set -euo pipefail
cd "$(dirname "$0")/.."
python="${PYTHON:-python3}"
command -v "$python" >/dev/null || { echo "run-unit.sh: Python 3.11+ is required" >&2; exit 1; }
"$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' ||
  { echo "run-unit.sh: $("$python" --version 2>&1) is too old (3.11+)" >&2; exit 1; }

work="$(mktemp -d /tmp/wecom-fleet-python-unit.XXXXXX)"
trap 'rm -rf "$work"' EXIT
venv="${FLEET_PY_TEST_VENV:-$work/venv}"
pip() { "$venv/bin/python" -m pip --disable-pip-version-check -q "$@"; }

stamp="$venv/.fleet-test-requirements.txt"
if [ ! -x "$venv/bin/python" ] || ! cmp -s tests/requirements.txt "$stamp"; then
  rm -rf "$venv"
  if ! "$python" -m venv "$venv" >/dev/null 2>&1; then
    # Debian keeps venv apart (python3-venv); install it when we may.
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      DEBIAN_FRONTEND=noninteractive apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
    fi
    rm -rf "$venv"
    "$python" -m venv "$venv" || { echo "run-unit.sh: cannot create a venv (install python3-venv)" >&2; exit 1; }
  fi
  pip install -r tests/requirements.txt
  cp tests/requirements.txt "$stamp"
fi
# Build from a copy, so that setuptools leaves nothing (build/, *.egg-info) in the work tree.
mkdir "$work/src"
tar -cf - --exclude=./.codegen-venv --exclude=./build --exclude='*.egg-info' \
  --exclude=__pycache__ --exclude=.pytest_cache . | tar -C "$work/src" -xf -
pip uninstall -y wecom-fleet >/dev/null 2>&1 || true
pip install --no-build-isolation "$work/src"
# The tests import the installed package (tests/unit has no wecom_fleet beside it).
cd tests/unit
PYTHONDONTWRITEBYTECODE=1 "$venv/bin/python" -m pytest -p no:cacheprovider -q .
