#!/usr/bin/env bash
# Every check of the client SDKs (sdks/python, sdks/typescript), in order:
#
#   1. regenerate both SDKs (scripts/generate-sdks.sh) and fail when anything under sdks/ changed
#   2. @redocly/cli lint of openapi/openapi.json: no errors (warnings are printed)
#   3. openapi-typescript + openapi-fetch on the document, compiled with tsc --strict
#   4. openapi-generator-cli (python) on the document: no WARN line outside
#      sdks/generator-warnings.txt
#   5. both SDKs' unit tests
#   6. a demo server (target/debug/wecom-fleet demo, or FLEET_BIN) on a free port in a temporary
#      directory; both SDKs' live tests and their quickstarts against it; the server is always
#      stopped at the end
#
# Needs Node 20.19+ with npm, Python 3.11+ (PYTHON, default python3) and Java 17+ (for
# openapi-generator); installs the rest from npm and PyPI into private, reused places:
# sdks/typescript/node_modules, sdks/python/.codegen-venv and sdks/.test-cache/ (all gitignored;
# FLEET_SDK_CACHE moves the last). On Debian, python3-venv is installed with apt when missing.
# Build the server first when needed: cargo build -p wecom-fleet.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
PYTHON="${PYTHON:-python3}"
FLEET_BIN="${FLEET_BIN:-${CARGO_TARGET_DIR:-$ROOT/target}/debug/wecom-fleet}"
CACHE="${FLEET_SDK_CACHE:-$ROOT/sdks/.test-cache}"
OPENAPI_GENERATOR_CLI="openapi-generator-cli==7.26.0"
export PYTHONDONTWRITEBYTECODE=1 NO_COLOR=1 FORCE_COLOR=0

started=$(date +%s)
step() { printf '\n==> [%3ss] %s\n' "$(($(date +%s) - started))" "$*"; }
fail() { printf '\ntest-sdks: FAILED: %s\n' "$*" >&2; exit 1; }

# ---- tools -----------------------------------------------------------------------------------
step "checking the tools (Node 20.19+, npm, Python 3.11+, Java 17+)"
command -v node >/dev/null && command -v npm >/dev/null || fail "Node.js 20.19+ with npm is required"
node -e 'const [M,m]=process.versions.node.split(".").map(Number); process.exit(M>20||(M===20&&m>=19)?0:1)' ||
  fail "Node $(node --version) is too old (20.19+)"
command -v "$PYTHON" >/dev/null || fail "Python 3.11+ is required ($PYTHON not found)"
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || fail "$("$PYTHON" --version 2>&1) is too old (3.11+)"
command -v java >/dev/null || fail "Java 17+ is required by openapi-generator-cli"
java_major=$(java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)
[ "${java_major:-0}" -ge 17 ] || fail "Java 17+ is required by openapi-generator-cli (found ${java_major:-none})"
echo "node $(node --version), npm $(npm --version), $("$PYTHON" --version 2>&1), java $java_major"
mkdir -p "$CACHE"

# A venv at $1 holding the requirements in file $2 (rebuilt when the file changes).
ensure_venv() {
  local venv="$1" requirements="$2"
  if [ -x "$venv/bin/python" ] && cmp -s "$requirements" "$venv/.fleet-requirements.txt"; then return; fi
  rm -rf "$venv"
  if ! "$PYTHON" -m venv "$venv" >/dev/null 2>&1; then
    # Debian keeps venv apart (python3-venv); install it when we may.
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      echo "installing python3-venv (apt)"
      DEBIAN_FRONTEND=noninteractive apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
    fi
    rm -rf "$venv"
    "$PYTHON" -m venv "$venv" || fail "cannot create a venv (install python3-venv)"
  fi
  "$venv/bin/python" -m pip install -q --disable-pip-version-check -r "$requirements"
  cp "$requirements" "$venv/.fleet-requirements.txt"
}

# Everything under sdks/ that git would see (tracked or not, minus ignored files), with hashes.
sdks_manifest() {
  git ls-files -co --exclude-standard -z -- sdks | LC_ALL=C sort -z |
    xargs -0 -r sha256sum -- 2>/dev/null || true
}

# ---- 1. generated code is current ----------------------------------------------------------
step "1/6 regenerating both SDKs from openapi/openapi.json (scripts/generate-sdks.sh)"
before="$(mktemp)"
after="$(mktemp)"
tmp_files=("$before" "$after")
server_pid=""
demo_dir=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    echo "stopping the demo server (pid $server_pid)"
    kill -TERM -- "-$server_pid" 2>/dev/null || kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$server_pid" 2>/dev/null || true
  fi
  [ -z "$demo_dir" ] || rm -rf "$demo_dir"
  rm -rf "${tmp_files[@]}"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

sdks_manifest >"$before"
bash scripts/generate-sdks.sh typescript python || fail "scripts/generate-sdks.sh failed"
sdks_manifest >"$after"
stale=0
git diff --exit-code --stat -- sdks/ || stale=1
# sdks/ may not be committed yet: compare every (tracked or untracked) file's hash too.
if ! cmp -s "$before" "$after"; then
  stale=1
  echo "changed by regeneration:"
  { diff "$before" "$after" || true; } | sed -n 's/^[<>] [0-9a-f]*  /  /p' | sort -u
fi
[ "$stale" = 0 ] ||
  fail "the generated SDK code was not current: run scripts/generate-sdks.sh and commit what it changes"
echo "generated code is current"

# ---- 2. the document lints -------------------------------------------------------------------
step "2/6 @redocly/cli lint openapi/openapi.json (errors fail, warnings are printed)"
(cd sdks/typescript && npm run --silent lint:openapi 2>&1) | grep -v '^\s*$' | grep -v '[║╔╚]' ||
  fail "redocly lint found errors in openapi/openapi.json"

# ---- 3. openapi-typescript + openapi-fetch ---------------------------------------------------
step "3/6 openapi-typescript + openapi-fetch under tsc --strict (sdks/typescript/check)"
(cd sdks/typescript && npm run --silent check:openapi-typescript) || fail "the openapi-typescript check does not compile"
echo "compiles"

# ---- 4. openapi-generator-cli ----------------------------------------------------------------
step "4/6 openapi-generator-cli ($OPENAPI_GENERATOR_CLI) generate -g python"
generator_requirements="$CACHE/openapi-generator-requirements.txt"
echo "$OPENAPI_GENERATOR_CLI" >"$generator_requirements.new"
cmp -s "$generator_requirements.new" "$generator_requirements" || mv "$generator_requirements.new" "$generator_requirements"
rm -f "$generator_requirements.new"
ensure_venv "$CACHE/openapi-generator-venv" "$generator_requirements"
generator_out="$(mktemp -d)"
tmp_files+=("$generator_out")
generator_log="$generator_out.log"
tmp_files+=("$generator_log")
"$CACHE/openapi-generator-venv/bin/openapi-generator-cli" generate -i openapi/openapi.json -g python \
  -o "$generator_out/python" >"$generator_log" 2>&1 || { cat "$generator_log"; fail "openapi-generator-cli failed"; }
"$PYTHON" - "$generator_log" sdks/generator-warnings.txt <<'PY' || fail "openapi-generator-cli printed warnings outside sdks/generator-warnings.txt"
import re, sys
log, allow_file = sys.argv[1], sys.argv[2]
allowed = [l.rstrip("\n") for l in open(allow_file, encoding="utf-8") if l.strip() and not l.startswith("#")]
seen, unexpected = set(), []
for line in open(log, encoding="utf-8", errors="replace"):
    m = re.match(r"^\[[^\]]*\]\s+WARN\s+(.*?)\s*$", line) or (re.match(r"^.*\bWARN(?:ING)?\b:?\s+(.*?)\s*$", line))
    if not m:
        continue
    text = m.group(1)
    if text in allowed:
        seen.add(text)
        print(f"  allowed: WARN {text}")
    else:
        unexpected.append(text)
for text in unexpected:
    print(f"  UNEXPECTED: WARN {text}")
stale = [a for a in allowed if a not in seen]
for text in stale:
    print(f"  STALE allowlist entry (no longer printed, remove it): {text}")
print(f"  {sum(1 for _ in open(log, encoding='utf-8', errors='replace'))} log lines, {len(unexpected)} unexpected warning(s)")
sys.exit(1 if unexpected or stale else 0)
PY

# ---- 5. unit tests ---------------------------------------------------------------------------
step "5/6 unit tests: Python (sdks/python/tests/run-unit.sh)"
FLEET_PY_TEST_VENV="$CACHE/python-test-venv" PYTHON="$PYTHON" bash sdks/python/tests/run-unit.sh ||
  fail "Python unit tests"
step "5/6 unit tests: TypeScript (npm run build; node --test dist/tests/unit/)"
(cd sdks/typescript && npm run --silent build) || fail "the TypeScript build (tsc --strict)"
(cd sdks/typescript && node --test dist/tests/unit/ >"${generator_out}.ts-unit.tap" 2>&1) ||
  { cat "${generator_out}.ts-unit.tap"; fail "TypeScript unit tests"; }
grep -E '^# (tests|pass|fail|skipped)' "${generator_out}.ts-unit.tap" || true
tmp_files+=("${generator_out}.ts-unit.tap")

# ---- 6. live tests against a demo server -----------------------------------------------------
step "6/6 starting the demo server ($FLEET_BIN demo)"
[ -x "$FLEET_BIN" ] || fail "no server binary at $FLEET_BIN: run cargo build -p wecom-fleet (or set FLEET_BIN)"
demo_dir="$(mktemp -d /tmp/wecom-fleet-sdk-demo.XXXXXX)"
port="$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
(cd "$demo_dir" && exec setsid "$FLEET_BIN" demo --listen "127.0.0.1:$port" >"$demo_dir/server.log" 2>&1) &
server_pid=$!
export FLEET_URL="http://127.0.0.1:$port"
export FLEET_DEMO_CREDENTIALS="$demo_dir/data/demo-credentials.toml"
"$PYTHON" - "$FLEET_URL/healthz" "$server_pid" <<'PY' || { tail -n 30 "$demo_dir/server.log" >&2; fail "the demo server did not come up"; }
import os, sys, time, urllib.request
url, pid = sys.argv[1], int(sys.argv[2])
deadline = time.monotonic() + 60
while time.monotonic() < deadline:
    try:
        os.kill(pid, 0)
    except OSError:
        sys.exit("the server exited")
    try:
        with urllib.request.urlopen(url, timeout=2) as answer:
            if answer.status == 200:
                sys.exit(0)
    except OSError:
        pass
    time.sleep(0.25)
sys.exit("no answer from /healthz in 60 s")
PY
[ -f "$FLEET_DEMO_CREDENTIALS" ] || fail "the demo wrote no $FLEET_DEMO_CREDENTIALS"
echo "demo server up at $FLEET_URL (pid $server_pid, data in $demo_dir)"

credential() { sed -n "s/^$1 = \"\(.*\)\"\$/\1/p" "$FLEET_DEMO_CREDENTIALS"; }
quickstart_env=(FLEET_EMAIL="$(credential tenant_admin_email)" FLEET_PASSWORD="$(credential tenant_admin_password)")

step "6/6 live tests: Python (sdks/python/tests/live)"
# From the tests' folder, so that the SDK comes from the test venv, as installed.
(cd sdks/python/tests/live && "$CACHE/python-test-venv/bin/python" -m pytest -p no:cacheprovider -q -rs .) ||
  fail "Python live tests"
step "6/6 live tests: TypeScript (sdks/typescript/dist/tests/live)"
(cd sdks/typescript && node --test --test-concurrency=1 dist/tests/live/ >"$demo_dir/ts-live.tap" 2>&1) ||
  { cat "$demo_dir/ts-live.tap"; fail "TypeScript live tests"; }
grep -E '^ +(not )?ok |^# (tests|pass|fail|skipped)' "$demo_dir/ts-live.tap" || true
grep -q '^# skipped 0$' "$demo_dir/ts-live.tap" || fail "TypeScript live tests were skipped"

step "6/6 examples: quickstart and first message, in Python and TypeScript"
(cd "$demo_dir" && env "${quickstart_env[@]}" "$CACHE/python-test-venv/bin/python" "$ROOT/sdks/python/examples/quickstart.py") ||
  fail "the Python quickstart"
(cd sdks/typescript && env "${quickstart_env[@]}" node dist/examples/quickstart.js) || fail "the TypeScript quickstart"
# The README's path from a new account to a delivered message, as written there.
(cd "$demo_dir" && env "${quickstart_env[@]}" "$CACHE/python-test-venv/bin/python" "$ROOT/sdks/python/examples/first_message.py") ||
  fail "the Python first-message example"
(cd sdks/typescript && env "${quickstart_env[@]}" node dist/examples/first-message.js) ||
  fail "the TypeScript first-message example"

step "stopping the demo server"
cleanup
server_pid=""
demo_dir=""
tmp_files=()
trap - EXIT
step "all SDK checks passed in $(($(date +%s) - started)) s"
