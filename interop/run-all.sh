#!/usr/bin/env bash
# Real-client interop checks against a freshly started Calroom.
#
# Usage: bash interop/run-all.sh            (from anywhere; CI calls it from .ci/run with CI=true)
#   CALDAV_JAR      the runnable server jar (default server/target/caldav-server.jar, relative to
#                   the repository root); it is not built here: build it first.
#   INTEROP_CHECKS  which checks to run (default "python-caldav vdirsyncer litmus recurrence-diff")
#   INTEROP_KEEP=1  keep the temp dir (server log, data) for a look afterwards
#
# Installs what it needs from Debian when missing (python3-caldav, python3-dateutil, vdirsyncer, litmus, curl; it
# runs as root in CI), starts the jar with an embedded PostgreSQL in a temp dir on a free port on
# 127.0.0.1, waits for /health, runs each check, stops the server, prints one line per check and
# `N passed, N failed` (counting checks) last, and exits non-zero when any check failed.
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
JAR="${CALDAV_JAR:-server/target/caldav-server.jar}"
case "$JAR" in /*) ;; *) JAR="$ROOT/$JAR";; esac
CHECKS="${INTEROP_CHECKS:-python-caldav vdirsyncer litmus recurrence-diff}"
PY=/usr/bin/python3   # Debian's interpreter: python3-caldav is installed for it, not for a pyenv one

say() { echo "[interop] $*"; }

# --- Debian packages ---
need=()
for pkg in python3-caldav python3-dateutil vdirsyncer litmus curl; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || need+=("$pkg")
done
if [ "${#need[@]}" != 0 ]; then
  say "installing ${need[*]}"
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO="sudo -n"
  export DEBIAN_FRONTEND=noninteractive
  if ! { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"; } </dev/null >/tmp/calroom-interop-apt.log 2>&1; then
    tail -n 20 /tmp/calroom-interop-apt.log
    say "could not install ${need[*]}"
    echo "0 passed, 1 failed"
    exit 1
  fi
fi

if [ ! -f "$JAR" ]; then
  say "no server jar at $JAR (set CALDAV_JAR, or build it first: mvn -B -q -DskipTests package)"
  echo "0 passed, 1 failed"
  exit 1
fi

# --- start the server ---
WORK="$(mktemp -d /tmp/calroom-interop.XXXXXX)"
PORT="$($PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
BASE="http://127.0.0.1:$PORT/"
SERVER_PID=""

stop_server() {
  [ -n "$SERVER_PID" ] || return 0
  if kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null
    for _ in $(seq 1 60); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$SERVER_PID" 2>/dev/null; then
      say "server did not stop on SIGTERM within 30 s; killing it"
      kill -KILL "$SERVER_PID" 2>/dev/null
    fi
  fi
  wait "$SERVER_PID" 2>/dev/null
  SERVER_PID=""
}
cleanup() {
  stop_server
  if [ -n "${INTEROP_KEEP:-}" ]; then say "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# run a copy: the jar may be replaced while the checks run
cp "$JAR" "$WORK/server.jar"
say "starting $JAR on $BASE (embedded PostgreSQL in $WORK/data)"
env -u CALDAV_DB_URL -u CALDAV_DB_USER -u CALDAV_DB_PASSWORD -u CALDAV_CONFIG_FILE -u CALDAV_BASE_URL \
  CALDAV_PORT="$PORT" CALDAV_HOST=127.0.0.1 CALDAV_DEMO_DATA=true CALDAV_DATA_DIR="$WORK/data" \
  java -jar "$WORK/server.jar" </dev/null >"$WORK/server.log" 2>&1 &
SERVER_PID=$!

up=0
for _ in $(seq 1 180); do
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then break; fi
  if curl -sf --max-time 5 "${BASE}health" 2>/dev/null | grep -q '"status":"up"'; then up=1; break; fi
  sleep 1
done
if [ "$up" != 1 ]; then
  say "the server did not come up on $BASE (health: $(curl -s --max-time 5 "${BASE}health"))"
  tail -n 40 "$WORK/server.log"
  echo "0 passed, 1 failed"
  exit 1
fi
say "server up: $(curl -s "${BASE}health")"

# --- run the checks ---
export CALDAV_URL="$BASE" CALDAV_USER=demo CALDAV_PASSWORD=demo
passed=0
failed=0
summary=()
dead=0
for check in $CHECKS; do
  if [ "$dead" = 1 ]; then failed=$((failed + 1)); summary+=("FAIL  $check (not run: the server died)"); continue; fi
  case "$check" in
    python-caldav) cmd=("$PY" "$HERE/python-caldav.py" "$BASE");;
    vdirsyncer)    cmd=(bash "$HERE/vdirsyncer.sh" "$BASE");;
    litmus)        cmd=(bash "$HERE/litmus.sh" "$BASE");;
    recurrence-diff) cmd=("$PY" "$HERE/recurrence-diff.py" "$BASE");;
    *) say "unknown check $check"; failed=$((failed + 1)); summary+=("$check: unknown"); continue;;
  esac
  echo
  say "=== $check ==="
  timeout 900 "${cmd[@]}" </dev/null 2>&1 | tee "$WORK/$check.out"
  rc=${PIPESTATUS[0]}
  detail="$(grep -E '^[a-z-]+: [0-9]+ passed, [0-9]+ failed' "$WORK/$check.out" | tail -n 1 | sed 's/^[a-z-]*: //')"
  if [ "$rc" = 0 ]; then
    passed=$((passed + 1)); summary+=("PASS  $check (${detail:-exit 0})")
  else
    failed=$((failed + 1)); summary+=("FAIL  $check (${detail:-no summary}, exit $rc)")
  fi
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    say "the server died during $check"; tail -n 40 "$WORK/server.log"; dead=1
  fi
done

if [ "$failed" != 0 ]; then
  echo
  say "server log, errors and warnings (last 30):"
  grep -E ' (ERROR|WARN) |Exception' "$WORK/server.log" | tail -n 30
fi
stop_server

echo
say "summary"
for line in "${summary[@]}"; do echo "  $line"; done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
