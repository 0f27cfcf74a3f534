#!/usr/bin/env bash
# The one command that runs every test of WeCom Fleet.
#
# It installs and starts the servers the tests need when they are missing (PostgreSQL and
# Redis, from Debian's packages; the `standardwebhooks` Python package from PyPI; InfluxDB,
# VictoriaMetrics and aiosmtpd from Debian's packages), then runs: rustfmt --check, clippy -D warnings, the whole
# test suite on SQLite and PostgreSQL (and Redis for the scale-out test), and the OpenAPI diff.
#
# Environment: FLEET_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres),
# FLEET_TEST_REDIS_URL (default redis://127.0.0.1:6379), FLEET_TEST_BACKENDS (default
# sqlite,postgres), FLEET_TEST_INFLUXDB_URL (default http://127.0.0.1:8086), FLEET_TEST_VM_URL
# (default http://127.0.0.1:8428), FLEET_TEST_SMTP_PYTHON (a Python with aiosmtpd, default
# Debian's /usr/bin/python3).
#
# After the Rust suites: the SDKs (scripts/test-sdks.sh: generated code current, the OpenAPI
# linter, the other generators, unit and live tests against the real binary) and Schemathesis
# over every operation of the real binary (scripts/schemathesis.sh), on the demo's SQLite and
# on PostgreSQL. The portal runs in Debian's Chromium under Playwright (scripts/test-portal.sh).
# The fault suite (tests/cli/faults.rs: Redis and PostgreSQL instances of its
# own, stopped under load) runs with the Rust suites. They need Node.js 20.19+,
# Java 17+ and Python 3.11+, installed from Debian's packages here when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

export FLEET_TEST_PG_URL="${FLEET_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
export FLEET_TEST_REDIS_URL="${FLEET_TEST_REDIS_URL:-redis://127.0.0.1:6379}"
export FLEET_TEST_BACKENDS="${FLEET_TEST_BACKENDS:-sqlite,postgres}"
export FLEET_TEST_INFLUXDB_URL="${FLEET_TEST_INFLUXDB_URL:-http://127.0.0.1:8086}"
export FLEET_TEST_VM_URL="${FLEET_TEST_VM_URL:-http://127.0.0.1:8428}"
export FLEET_TEST_SMTP_PYTHON="${FLEET_TEST_SMTP_PYTHON:-/usr/bin/python3}"

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

# Metric stores for the monitor's tests: InfluxDB 1.x (v1 write and InfluxQL) and
# VictoriaMetrics (InfluxDB v2 write), both from Debian's packages, with their data in /tmp.
ensure_influxdb() {
  if curl -fsS "$FLEET_TEST_INFLUXDB_URL/ping" >/dev/null 2>&1; then return; fi
  step "starting InfluxDB"
  command -v influxd >/dev/null || apt_install influxdb
  mkdir -p /tmp/fleet-influxdb
  INFLUXDB_META_DIR=/tmp/fleet-influxdb/meta INFLUXDB_DATA_DIR=/tmp/fleet-influxdb/data \
    INFLUXDB_DATA_WAL_DIR=/tmp/fleet-influxdb/wal INFLUXDB_REPORTING_DISABLED=true \
    INFLUXDB_BIND_ADDRESS=127.0.0.1:8088 INFLUXDB_HTTP_BIND_ADDRESS="${FLEET_TEST_INFLUXDB_URL#http://}" \
    INFLUXDB_HTTP_LOG_ENABLED=false INFLUXDB_DATA_QUERY_LOG_ENABLED=false \
    setsid influxd -config /dev/null >/tmp/fleet-influxdb/influxd.log 2>&1 < /dev/null &
  for _ in $(seq 1 30); do curl -fsS "$FLEET_TEST_INFLUXDB_URL/ping" >/dev/null 2>&1 && return; sleep 1; done
  echo "InfluxDB did not start" >&2
  exit 1
}

ensure_victoria_metrics() {
  if curl -fsS "$FLEET_TEST_VM_URL/health" >/dev/null 2>&1; then return; fi
  step "starting VictoriaMetrics"
  command -v victoria-metrics >/dev/null || apt_install victoria-metrics
  mkdir -p /tmp/fleet-victoria-metrics
  setsid victoria-metrics -storageDataPath=/tmp/fleet-victoria-metrics/data \
    -httpListenAddr="${FLEET_TEST_VM_URL#http://}" -retentionPeriod=1 -search.latencyOffset=0s \
    >/tmp/fleet-victoria-metrics/vm.log 2>&1 < /dev/null &
  for _ in $(seq 1 30); do curl -fsS "$FLEET_TEST_VM_URL/health" >/dev/null 2>&1 && return; sleep 1; done
  echo "VictoriaMetrics did not start" >&2
  exit 1
}

# The SMTP server the alert-email test starts (aiosmtpd, run by Debian's own Python).
ensure_aiosmtpd() {
  "$FLEET_TEST_SMTP_PYTHON" -c 'import aiosmtpd' 2>/dev/null && return
  step "installing aiosmtpd"
  apt_install python3-aiosmtpd
}

# The SDK checks: Node.js (TypeScript SDK, the OpenAPI linter) and Java (openapi-generator).
ensure_sdk_toolchains() {
  command -v npm >/dev/null || { step "installing Node.js"; apt_install nodejs npm; }
  command -v java >/dev/null || { step "installing Java"; apt_install default-jre-headless; }
}

# The portal's browser tests: Debian's Chromium (Playwright drives it; no browser download).
ensure_chromium() {
  command -v chromium >/dev/null || { step "installing Chromium"; apt_install chromium; }
}

ensure_toolchain_components() {
  cargo fmt --version >/dev/null 2>&1 || rustup component add rustfmt
  cargo clippy --version >/dev/null 2>&1 || rustup component add clippy
}

ensure_toolchain_components
ensure_sdk_toolchains
ensure_chromium
ensure_standardwebhooks
ensure_influxdb
ensure_victoria_metrics
ensure_aiosmtpd
ensure_postgres
ensure_redis
drop_old_test_databases

step "dependencies against the offline RustSec snapshot"
./scripts/check-advisories.sh

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy -D warnings"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "cargo test (backends: $FLEET_TEST_BACKENDS)"
cargo test --workspace --locked

step "OpenAPI document is current"
cargo run -q --locked -p wecom-fleet -- openapi | diff -u openapi/openapi.json - ||
  { echo "openapi/openapi.json is stale: cargo run -q -- openapi > openapi/openapi.json" >&2; exit 1; }

step "Portal in Chromium: Playwright against the demo, axe-core on every main page"
./scripts/test-portal.sh

step "SDKs: generated code current, OpenAPI linter, generators, unit and live tests"
./scripts/test-sdks.sh

step "Schemathesis: every operation of the real binary against openapi/openapi.json (demo, SQLite)"
./scripts/schemathesis.sh

step "Schemathesis again, the server on PostgreSQL"
psql "$FLEET_TEST_PG_URL" -qc "DROP DATABASE IF EXISTS fleet_test_schemathesis" -c "CREATE DATABASE fleet_test_schemathesis" >/dev/null
FLEET_SCHEMATHESIS_DATABASE_URL="${FLEET_TEST_PG_URL%/*}/fleet_test_schemathesis" ./scripts/schemathesis.sh

drop_old_test_databases
step "all checks passed"
