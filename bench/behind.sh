#!/usr/bin/env bash
# Falling-behind benchmark (issue 16): does the monitor say so, once, when a config asks for more than
# this machine can do, and stay quiet when it fits (the README's 10,000 hosts x 10 echoes/s)?
#   bench/behind.sh [HOSTS...]      (default: 10000 30000, one after the other in the same run)
# Each run: HOSTS loopback hosts at 10 echoes/s (ping=1000 numpings=10, as bench/scale.sh) for WARMUP
# seconds (default 10: JVM start, JIT, first resolution) and then SECONDS measured (default 60). Printed:
# echoes/s achieved in the measured window against the echoes/s asked, CPU in that window (cores busy
# and CPU seconds per 1,000 echoes), the WW falling-behind lines and connmonitor_late_starts_total over
# the whole run (start-up included: quiet means quiet from the first second), and the load average of
# the machine before and after (other work on a shared machine shows there). Needs root (raw sockets).
#   SECONDS_PER_RUN=60 WARMUP=10 bench/behind.sh 10000 30000
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$here/bin/java-home.sh"
connmonitor_find_jdk
seconds="${SECONDS_PER_RUN:-60}"
warmup="${WARMUP:-10}"
work="$(mktemp -d)"
pid=""
trap '[ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null; rm -rf "$work"' EXIT
[ -f "$here/target/connmonitor.jar" ] || (cd "$here" && mvn -B -q -ntp -DskipTests package)
ticks_per_s=$(getconf CLK_TCK)

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; } # user + system of the process
records() { wc -l < "$work/out"; }
late_starts() { # from the monitor's own endpoint; "?" when it does not answer within 3 tries of 10 s
  local try value=""
  for try in 1 2 3; do
    value=$({ curl -s --max-time 10 -g "http://127.0.0.1:$1/metrics?name[]=connmonitor_late_starts_total" || true; } \
      | awk '/^connmonitor_late_starts_total/ {print $2}')
    [ -n "$value" ] && break
    sleep 1
  done
  echo "${value:-?}"
}

run() { # N
  local n=$1 conf="$work/c$1.conf" port=$((19000 + RANDOM % 1000))
  python3 -c "import sys
n=int(sys.argv[1])
for i in range(n): print(f'127.20.{i//250}.{1+i%250} ping=1000 numpings=10 json=1')" "$n" > "$conf"
  local load0; load0=$(cut -d' ' -f1-3 /proc/loadavg)
  "$here/bin/connmonitor" --metrics "127.0.0.1:$port" --metrics-rtt-histogram off "$conf" > "$work/out" 2> "$work/err" &
  pid=$!
  sleep "$warmup"
  local r0 t0 late0 r1 t1 late1
  r0=$(records); t0=$(cpu_ticks "$pid"); late0=$(late_starts "$port")
  sleep "$seconds"
  r1=$(records); t1=$(cpu_ticks "$pid"); late1=$(late_starts "$port")
  kill -TERM "$pid"; wait "$pid" || true; pid=""
  local load1; load1=$(cut -d' ' -f1-3 /proc/loadavg)
  local echoes=$(( (r1 - r0) * 10 )) asked=$(( n * 10 ))
  local cpu_s; cpu_s=$(echo "($t1 - $t0) / $ticks_per_s" | bc -l)
  printf '%6d hosts: %7d echoes/s of %d asked (%5.1f%%); CPU %4.2f cores, %.3f CPU-s per 1,000 echoes\n' \
    "$n" "$(( echoes / seconds ))" "$asked" "$(echo "100 * $echoes / $seconds / $asked" | bc -l)" \
    "$(echo "$cpu_s / $seconds" | bc -l)" "$(echo "if ($echoes > 0) 1000 * $cpu_s / $echoes else 0" | bc -l)"
  printf '              WW falling behind: %d, WW keeping up again: %d, other stderr lines: %d\n' \
    "$(grep -c '^WW: falling behind' "$work/err" || true)" "$(grep -c '^WW: keeping up again' "$work/err" || true)" \
    "$(grep -vc -e '^WW: falling behind' -e '^WW: keeping up again' "$work/err" || true)"
  printf '              connmonitor_late_starts_total: %s after the warm-up, %s at the end\n' "$late0" "$late1"
  printf '              load average before: %s, after: %s\n' "$load0" "$load1"
  sed 's/^/    stderr: /' "$work/err" | head -6
}

echo "falling-behind benchmark: ${warmup}s warm-up + ${seconds}s measured per run, 10 echoes/s per host"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), Linux $(uname -r)"
counts=("$@")
[ ${#counts[@]} -gt 0 ] || counts=(10000 30000)
for n in "${counts[@]}"; do run "$n"; done
