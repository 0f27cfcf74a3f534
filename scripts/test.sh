#!/usr/bin/env bash
# The one command that runs every test of WeCom Fleet.
#
# It installs and starts the servers the tests need when they are missing (PostgreSQL and
# Redis, from Debian's packages; the `standardwebhooks` Python package from PyPI), then runs: rustfmt --check, clippy -D warnings, the whole
# test suite on SQLite and PostgreSQL (and Redis for the scale-out test), and the OpenAPI diff.
#
# Environment: FLEET_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres),
# FLEET_TEST_REDIS_URL (default redis://127.0.0.1:6379), FLEET_TEST_BACKENDS (default
# sqlite,postgres).
set -euo pipefail
cd "$(dirname "$0")/.."

export FLEET_TEST_PG_URL="${FLEET_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
export FLEET_TEST_REDIS_URL="${FLEET_TEST_REDIS_URL:-redis://127.0.0.1:6379}"
export FLEET_TEST_BACKENDS="${FLEET_TEST_BACKENDS:-sqlite,postgres}"

step() { printf '\n==> %s\n' "$*"; }

apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

ensure_postgres() {
  if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then return; fi
  step "starting PostgreSQL"
  if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
    apt_install postgresql postgresql-client
  fi
  local version
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  local hba="/etc/postgresql/$version/main/pg_hba.conf"
  # A test machine: let the postgres user in over loopback without a password.
  if ! grep -q 'fleet-test trust' "$hba"; then
    sed -i '1i host all postgres 127.0.0.1/32 trust # fleet-test trust\nhost all postgres ::1/128 trust # fleet-test trust' "$hba"
  fi
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || pg_ctlcluster "$version" main start
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && return; sleep 1; done
  echo "PostgreSQL did not start" >&2
  exit 1
}

ensure_redis() {
  if redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then return; fi
  step "starting Redis"
  command -v redis-server >/dev/null || apt_install redis-server redis-tools
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/fleet-test.log
  for _ in $(seq 1 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && return; sleep 1; done
  echo "Redis did not start" >&2
  exit 1
}

drop_old_test_databases() {
  psql "$FLEET_TEST_PG_URL" -Atqc "SELECT datname FROM pg_database WHERE datname LIKE 'fleet\_test\_%'" |
    while read -r db; do psql "$FLEET_TEST_PG_URL" -qc "DROP DATABASE IF EXISTS \"$db\"" >/dev/null; done
}

# The reference Standard Webhooks library, which a test's receiver verifies our webhooks with.
ensure_standardwebhooks() {
  python3 -c 'import standardwebhooks' 2>/dev/null && return
  step "installing the standardwebhooks Python package"
  command -v python3 >/dev/null || apt_install python3 python3-pip
  python3 -m pip install -q standardwebhooks 2>/dev/null ||
    python3 -m pip install -q --break-system-packages standardwebhooks
}

ensure_toolchain_components() {
  cargo fmt --version >/dev/null 2>&1 || rustup component add rustfmt
  cargo clippy --version >/dev/null 2>&1 || rustup component add clippy
}

ensure_toolchain_components
ensure_standardwebhooks
ensure_postgres
ensure_redis
drop_old_test_databases

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy -D warnings"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "cargo test (backends: $FLEET_TEST_BACKENDS)"
cargo test --workspace --locked

step "OpenAPI document is current"
cargo run -q --locked -p wecom-fleet -- openapi | diff -u openapi/openapi.json - ||
  { echo "openapi/openapi.json is stale: cargo run -q -- openapi > openapi/openapi.json" >&2; exit 1; }

drop_old_test_databases
step "all checks passed"
