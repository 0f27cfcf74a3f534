#!/usr/bin/env bash
# shellcheck disable=SC2317  # stop_inside and cleanup only run from traps
# Contract tests: the real server against openapi/openapi.json, with Schemathesis.
#
# Starts the real binary with its embedded backends (`wecom-fleet demo`: SQLite, embedded
# metrics, the simulator), seeds one real object of each kind that an `{id}` path names
# (scripts/schemathesis/seed.py), then runs `schemathesis run` over every operation with only
# the contract checks (no 5xx; status codes, content types, headers and bodies as documented).
# Prints Schemathesis's report and exits non-zero on any failure. Settings are in
# scripts/schemathesis/schemathesis.toml, which ids the `{id}` operations get in hooks.py.
#
# Three passes: every operation as the demo tenant's admin (or its API key), first on the
# seeded objects, then on ids as Schemathesis makes or finds them (scripts/schemathesis/hooks.py);
# then the platform-only operations (tenants, audit log) as the platform admin, the only
# principal they do more than refuse.
#
# Everything after the install runs in a private network namespace with nothing but loopback:
# Schemathesis creates webhook endpoints and alert channels with made-up URLs, and the server
# would otherwise deliver to them (the demo allows any target), and log accounts in through the
# official WeCom API. In the namespace those calls fail at once, and no traffic leaves the machine.
#
# Environment:
#   FLEET_SCHEMATHESIS_DATABASE_URL  postgres://... : run `wecom-fleet serve` on this database
#                                    instead of the demo (a platform admin and the tenants under
#                                    test are created in it, with fresh names on every run)
#   FLEET_SCHEMATHESIS_AUTH          `jwt` (default) or `api-key`: what the tenant pass presents
#   FLEET_SCHEMATHESIS_MAX_EXAMPLES  test cases per operation and phase (default 30)
#   FLEET_SCHEMATHESIS_SEED          another seed than the fixed one in schemathesis.toml
#   FLEET_SCHEMATHESIS_TIME_LIMIT    hard cap, in seconds, on the Schemathesis passes (default 360)
#   FLEET_SCHEMATHESIS_HOME          the venv and the reports (default target/schemathesis)
#   FLEET_SCHEMATHESIS_BIN           the binary (default target/debug/wecom-fleet, built first)
#   FLEET_SCHEMATHESIS_PYTHON        the Python (>= 3.11) the venv is made from (default python3)
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD

ST_VERSION=4.32.5
ST_DIR=$REPO/scripts/schemathesis
# Under target/, which git ignores and `cargo clean` clears.
ST_HOME=${FLEET_SCHEMATHESIS_HOME:-$REPO/target/schemathesis}
VENV=$ST_HOME/venv-$ST_VERSION
REPORTS=$ST_HOME/report
BIN=${FLEET_SCHEMATHESIS_BIN:-${CARGO_TARGET_DIR:-$REPO/target}/debug/wecom-fleet}
DB_URL=${FLEET_SCHEMATHESIS_DATABASE_URL:-}
AUTH=${FLEET_SCHEMATHESIS_AUTH:-jwt}
MAX_EXAMPLES=${FLEET_SCHEMATHESIS_MAX_EXAMPLES:-30}
SEED_ARGS=()
[ -z "${FLEET_SCHEMATHESIS_SEED:-}" ] || SEED_ARGS=(--seed "$FLEET_SCHEMATHESIS_SEED")
TIME_LIMIT=${FLEET_SCHEMATHESIS_TIME_LIMIT:-360}

# No __pycache__ beside seed.py and hooks.py in the work tree.
export PYTHONDONTWRITEBYTECODE=1

step() { printf '\n==> %s\n' "$*"; }
die() { echo "schemathesis.sh: $*" >&2; exit 2; }

# Operations never run, each with its reason. Everything else runs, including every DELETE: in
# the seeded pass those are pointed at throwaway objects, and in every pass hooks.py turns a
# request aimed at the signed-in admin (users_update, users_delete), the API key in use
# (api_keys_revoke) or the tenant under test (tenants_delete, tenants_suspend) into one on an id
# that does not exist.
# The event stream never ends by itself (it is a live feed); the API tests read it message by
# message and hold each to the document (services/api/tests/api/event_stream.rs).
EXCLUDED=(events_stream)
if [ "$AUTH" = jwt ]; then
  # Revokes the session of the access token it is called with, which is the run's only one:
  # every later request would get 401 `session_revoked`. (With an API key it is a plain 400.)
  EXCLUDED+=(auth_logout)
fi

# ---------------------------------------------------------------------------------------------
# Inside the network namespace: server, seed, Schemathesis. Reached by the re-run below.
# ---------------------------------------------------------------------------------------------
inside() {
  ip link set lo up
  # Globals, not locals: the EXIT trap runs after this function has returned.
  work=$FLEET_ST_WORK server_pid="" provider_pid="" bridge_pid="" st_pid=""
  echo $$ >"$work/inner.pid" # the outer half signals this shell to stop early
  stop_inside() {
    # A Schemathesis still running (stopped early) gets SIGINT: it prints its report and exits.
    if [ -n "$st_pid" ] && kill -0 "$st_pid" 2>/dev/null; then
      kill -INT "$st_pid" 2>/dev/null || true
      wait "$st_pid" 2>/dev/null || true
    fi
    # The server (graceful on SIGTERM, killed after 15 s), then the helpers.
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
      kill -TERM "$server_pid" 2>/dev/null || true
      for _ in $(seq 1 30); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.5; done
      kill -KILL "$server_pid" 2>/dev/null || true
      wait "$server_pid" 2>/dev/null || true
    fi
    for pid in $provider_pid $bridge_pid; do kill "$pid" 2>/dev/null || true; done
    cp "$work/server.log" "$work/provider.log" "$REPORTS/" 2>/dev/null || true
  }
  trap stop_inside EXIT
  # Turn a signal into an exit, so the EXIT trap stops the server. Long steps run in the
  # background with `wait`, which a signal interrupts (a foreground command would delay it).
  trap 'exit 143' TERM
  trap 'exit 130' INT
  cd "$work"

  # The account-hosting provider and the official WeCom API, simulated by the binary itself
  # (`wecom-fleet simulate`), so `http_instance` and `wecom_api` accounts that Schemathesis
  # creates get real answers instead of a 503 for an unreachable WeCom, and so provider
  # callbacks arrive (the only source of callback events to test on).
  local provider_token provider_secret provider_url=""
  provider_token=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
  provider_secret=whsec_$(head -c 32 /dev/urandom | base64 | tr -d '\n')
  "$BIN" simulate --listen 127.0.0.1:0 --api-token "$provider_token" \
    --callback-secret "$provider_secret" >"$work/provider.log" 2>&1 &
  provider_pid=$!
  for _ in $(seq 1 100); do
    provider_url=$(grep -so 'http://127\.0\.0\.1:[0-9]*' "$work/provider.log" | head -n 1 || true)
    [ -n "$provider_url" ] && break
    kill -0 "$provider_pid" 2>/dev/null || break
    sleep 0.1
  done
  [ -n "$provider_url" ] || { cat "$work/provider.log" >&2; die "wecom-fleet simulate did not start"; }

  # The provider calls back to `server.public_url`, so the server needs its port before it
  # starts: a free one, asked of the kernel (nothing else runs in this namespace).
  local port
  port=$("$VENV/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  local base=http://127.0.0.1:$port
  export FLEET_SERVER_PUBLIC_URL=$base
  export FLEET_CONNECTORS_WECOM_API_BASE_URL=$provider_url
  export FLEET_CONNECTORS_HTTP_INSTANCE_URL=$provider_url
  export FLEET_CONNECTORS_HTTP_INSTANCE_TOKEN=$provider_token
  export FLEET_CONNECTORS_HTTP_INSTANCE_CALLBACK_SECRET=$provider_secret
  # The fleet's own limits would answer most of a fast test run with 429 (documented, but
  # then nothing else gets tested).
  export FLEET_RATE_LIMIT_REQUESTS=1000000 FLEET_RATE_LIMIT_LOGIN_ATTEMPTS=1000000
  export FLEET_LOG_FORMAT=json FLEET_LOG_LEVEL=info

  local seed_args=(--provider-url "$provider_url" --provider-token "$provider_token")
  if [ -z "$DB_URL" ]; then
    step "starting wecom-fleet demo (embedded SQLite) in $work"
    "$BIN" demo --listen "127.0.0.1:$port" >"$work/server.log" 2>&1 &
    server_pid=$!
    seed_args+=(--credentials "$work/data/demo-credentials.toml")
  else
    # PostgreSQL is outside the namespace: reach it through the bridge the outer half opened
    # (a Unix socket), served here on the loopback port the URL names.
    socat "TCP-LISTEN:$FLEET_ST_PG_PORT,bind=127.0.0.1,fork,reuseaddr" "UNIX-CONNECT:$work/pg.sock" &
    bridge_pid=$!
    for _ in $(seq 1 50); do (exec 3<>"/dev/tcp/127.0.0.1/$FLEET_ST_PG_PORT") 2>/dev/null && break; sleep 0.1; done
    # What `serve` needs on PostgreSQL (README, Configuration): the database, a JWT secret and
    # encryption keys (never generated there), and what `demo` turns on by itself: the
    # simulator, private webhook and alert targets, the `fast` pacing profile.
    export FLEET_DATABASE_URL=$FLEET_ST_INNER_DB_URL FLEET_DATA_DIR=$work/data
    FLEET_AUTH_JWT_SECRET=$(head -c 48 /dev/urandom | base64 | tr -d '\n')
    FLEET_ENCRYPTION_KEYS=$("$BIN" admin generate-key --id k1)
    export FLEET_AUTH_JWT_SECRET FLEET_ENCRYPTION_KEYS
    export FLEET_SIMULATOR_ENABLED=true FLEET_WEBHOOKS_ALLOW_PRIVATE_TARGETS=true
    export FLEET_MONITOR_ALLOW_PRIVATE_TARGETS=true FLEET_MESSAGING_DEFAULT_PACING_PROFILE=fast
    # A platform admin with a fresh address on every run (the database may be reused); the
    # tenant under test is created through the API by seed.py.
    local email password
    email="st-platform-$(head -c 4 /dev/urandom | od -An -tx1 | tr -d ' \n')@example.com"
    password=$(head -c 18 /dev/urandom | base64 | tr -d '\n/+=')
    FLEET_ADMIN_PASSWORD=$password "$BIN" admin create-platform-admin --email "$email" >"$work/admin.log" 2>&1 ||
      { cat "$work/admin.log" >&2; die "admin create-platform-admin failed"; }
    step "starting wecom-fleet serve (PostgreSQL) in $work"
    "$BIN" serve --listen "127.0.0.1:$port" >"$work/server.log" 2>&1 &
    server_pid=$!
    seed_args+=(--platform-email "$email" --platform-password "$password" --create-tenant)
  fi

  local ready=""
  for _ in $(seq 1 120); do
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; die "the server exited"; }
    curl -fsS "$base/readyz" >/dev/null 2>&1 && { ready=1; break; }
    sleep 0.5
  done
  [ -n "$ready" ] || { cat "$work/server.log" >&2; die "the server did not become ready"; }
  echo "serving on $base (provider and WeCom API simulated on $provider_url)"

  step "seeding objects to test on"
  "$VENV/bin/python" "$ST_DIR/seed.py" --base-url "$base" "${seed_args[@]}" >"$work/ids.env"
  # `export FLEET_ST_<NAME>=<id>` lines, which hooks.py reads.
  # shellcheck disable=SC1091
  source "$work/ids.env"
  export SCHEMATHESIS_HOOKS=$ST_DIR/hooks.py
  local credential=$FLEET_ST_TOKEN
  [ "$AUTH" = api-key ] && credential=$FLEET_ST_API_KEY

  local deadline=$((SECONDS + TIME_LIMIT)) failed=0
  run_pass() { # name, ids (seeded|generated, see hooks.py), credential, schemathesis arguments...
    local name=$1 left=$((deadline - SECONDS)) rc=0
    export FLEET_ST_IDS=$2
    local token=$3
    shift 3
    [ "$left" -gt 10 ] || { echo "no time left for the $name pass" >&2; failed=1; return; }
    step "schemathesis: $name pass (at most ${left}s)"
    # SIGINT makes Schemathesis stop and still print its report; KILL 20 s later if it hangs.
    timeout --signal=INT --kill-after=20 "$left" \
      "$VENV/bin/schemathesis" --config-file "$ST_DIR/schemathesis.toml" \
      run "$REPO/openapi/openapi.json" --url "$base" \
      --header "Authorization: Bearer $token" \
      --max-examples "$MAX_EXAMPLES" "${SEED_ARGS[@]}" \
      --report junit,har --report-dir "$REPORTS/$name" \
      --no-color "$@" &
    st_pid=$!
    wait "$st_pid" || rc=$?
    st_pid=""
    [ "$rc" = 124 ] && echo "the $name pass ran out of time (${TIME_LIMIT}s in all)" >&2
    [ "$rc" = 0 ] || failed=1
  }

  local excludes=()
  for op in "${EXCLUDED[@]}"; do excludes+=(--exclude-operation-id "$op"); done
  # Every operation on the seeded objects, so that {id} operations work on real ones...
  run_pass tenant-seeded seeded "$credential" "${excludes[@]}"
  # ...then on ids as Schemathesis makes them: random (404) or read from its own earlier
  # responses (objects it created itself, and their links).
  run_pass tenant-generated generated "$credential" "${excludes[@]}"
  # Only the platform admin gets past the tenant admin's 403 on these.
  local platform_ops=()
  for op in tenants_list tenants_create tenants_get tenants_update tenants_suspend \
    tenants_activate tenants_delete audit_list; do
    platform_ops+=(--include-operation-id "$op")
  done
  run_pass platform seeded "$FLEET_ST_PLATFORM_TOKEN" "${platform_ops[@]}"

  # A failure that revoked the run's own credentials would have made every later answer a
  # 401/403: say so, rather than leave it to be guessed from the report.
  if ! curl -fsS -o /dev/null "$base/api/v1/tenant" -H "Authorization: Bearer $credential"; then
    echo "warning: the tenant pass's credential no longer works after the run" >&2
    failed=1
  fi
  return "$failed"
}

if [ "${1:-}" = --inside-netns ]; then
  inside
  exit $?
fi

# ---------------------------------------------------------------------------------------------
# Outside: install, build, then re-run this script in a fresh network namespace.
# ---------------------------------------------------------------------------------------------
case "$AUTH" in jwt | api-key) ;; *) die "FLEET_SCHEMATHESIS_AUTH must be jwt or api-key" ;; esac

apt_install() {
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}
command -v unshare >/dev/null || apt_install util-linux
command -v ip >/dev/null || apt_install iproute2
command -v curl >/dev/null || apt_install curl
unshare --net true 2>/dev/null || die "cannot create a network namespace (unshare --net needs root)"

if ! "$VENV/bin/schemathesis" --version 2>/dev/null | grep -qF "version $ST_VERSION"; then
  step "installing Schemathesis $ST_VERSION into $VENV"
  python=${FLEET_SCHEMATHESIS_PYTHON:-python3}
  "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' ||
    die "$python is older than 3.11, which Schemathesis $ST_VERSION needs (set FLEET_SCHEMATHESIS_PYTHON)"
  rm -rf "$VENV"
  "$python" -m venv "$VENV" || { apt_install python3-venv && "$python" -m venv "$VENV"; }
  "$VENV/bin/pip" install -q "schemathesis==$ST_VERSION"
fi

if [ -z "${FLEET_SCHEMATHESIS_BIN:-}" ]; then
  step "cargo build -p wecom-fleet"
  cargo build -q --locked -p wecom-fleet
fi
[ -x "$BIN" ] || die "no binary at $BIN"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/fleet-schemathesis.XXXXXX")
BRIDGE_PID="" NETNS_PID=""
cleanup() {
  # Stopped early: ask the inner half to stop (it stops the server), and wait until it has.
  if [ -n "$NETNS_PID" ] && kill -0 "$NETNS_PID" 2>/dev/null; then
    kill -TERM "$(cat "$WORK/inner.pid" 2>/dev/null || echo "$NETNS_PID")" 2>/dev/null || true
    wait "$NETNS_PID" 2>/dev/null || true
  fi
  [ -z "$BRIDGE_PID" ] || kill "$BRIDGE_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 143' TERM
trap 'exit 130' INT
rm -rf "$REPORTS"
mkdir -p "$REPORTS"

export FLEET_ST_WORK=$WORK
if [ -n "$DB_URL" ]; then
  command -v socat >/dev/null || apt_install socat
  # postgres://user:pass@host:port/db?x -> host and port; inside, the same URL on 127.0.0.1.
  hostport=$(sed -E 's#^[a-z]+://([^@/]*@)?([^/?]*).*#\2#' <<<"$DB_URL")
  pg_host=${hostport%:*}
  pg_port=${hostport##*:}
  [ "$pg_port" != "$hostport" ] || pg_port=5432
  pg_host=${pg_host#[}
  pg_host=${pg_host%]}
  export FLEET_ST_PG_PORT=$pg_port
  export FLEET_ST_INNER_DB_URL
  FLEET_ST_INNER_DB_URL=$(sed -E "s#^([a-z]+://([^@/]*@)?)[^/?]*#\\1127.0.0.1:$pg_port#" <<<"$DB_URL")
  socat "UNIX-LISTEN:$WORK/pg.sock,fork,reuseaddr" "TCP:$pg_host:$pg_port" &
  BRIDGE_PID=$!
fi

started=$SECONDS
rc=0
# --kill-child: if unshare itself is killed, the inner half gets SIGTERM and stops the server.
unshare --net --kill-child=SIGTERM "$REPO/scripts/schemathesis.sh" --inside-netns &
NETNS_PID=$!
wait "$NETNS_PID" || rc=$?
NETNS_PID=""
step "schemathesis.sh finished in $((SECONDS - started))s (reports: $REPORTS)"
# One line for whoever reads the end of the log: operations tested per pass, from the JUnit
# reports (a pass that did not get to write one counts as nothing).
"$VENV/bin/python" - "$REPORTS" <<'PY' || true
import glob, sys, xml.etree.ElementTree as ET
tests = failed = 0
for path in glob.glob(f"{sys.argv[1]}/*/junit-*.xml"):
    root = ET.parse(path).getroot()
    tests += int(root.get("tests", 0))
    failed += int(root.get("failures", 0)) + int(root.get("errors", 0))
    tests -= int(root.get("skipped", 0))
print(f"schemathesis: {tests - failed} passed, {failed} failed")
PY
if [ "$rc" = 0 ]; then
  echo "schemathesis: all operations conform to openapi/openapi.json"
else
  echo "schemathesis: FAILED (see the reports above)" >&2
fi
exit "$rc"
