#!/usr/bin/env bash
# Falling-behind benchmark (issue 16): does the monitor say so, once, when a config asks for more than
# this machine can do, and stay quiet when it fits?
#   bench/behind.sh [HOSTS...]      (default: 10000 30000)
# Each run: HOSTS loopback hosts at 10 echoes/s (ping=1000 numpings=10, as bench/scale.sh) for SECONDS
# (default 60), then the WW lines it printed, records/s against what the config asks, and the late-starts
# counter from --metrics. Needs root (raw sockets).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$here/bin/java-home.sh"
connmonitor_find_jdk
seconds="${SECONDS_PER_RUN:-60}"
work="$(mktemp -d)"
pid=""
trap '[ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null; rm -rf "$work"' EXIT
[ -f "$here/target/connmonitor.jar" ] || (cd "$here" && mvn -B -q -ntp -DskipTests package)

run() { # N
  local n=$1 conf="$work/c$1.conf" port=$((19000 + RANDOM % 1000))
  python3 -c "import sys
n=int(sys.argv[1])
for i in range(n): print(f'127.20.{i//250}.{1+i%250} ping=1000 numpings=10 json=1')" "$n" > "$conf"
  "$here/bin/connmonitor" --metrics "127.0.0.1:$port" --metrics-rtt-histogram off "$conf" > "$work/out" 2> "$work/err" &
  pid=$!
  sleep "$seconds"
  local records; records=$(wc -l < "$work/out")
  local late; late=$(curl -s "http://127.0.0.1:$port/metrics" | awk '/^connmonitor_late_starts_total/ {print $2}')
  kill -TERM "$pid"; wait "$pid" || true; pid=""
  printf '%6d hosts: %6d records/s of %d asked, late starts %s, stderr:\n' "$n" "$((records / seconds))" "$n" "${late:-?}"
  sed 's/^/    /' "$work/err"
}

echo "falling-behind benchmark: ${seconds}s per run, 10 echoes/s per host; $(nproc) cores"
counts=("$@")
[ ${#counts[@]} -gt 0 ] || counts=(10000 30000)
for n in "${counts[@]}"; do run "$n"; done
