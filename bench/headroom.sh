#!/usr/bin/env bash
# Headroom benchmark (issue 19, goal 1): how close one connmonitor process comes to what the kernel can
# move on this machine, in one run, side by side:
#   bench/headroom.sh [SECONDS] [WARMUP]        (defaults 30 and 15; bench/scale.sh calls it too)
# Rows: the least work that moves echoes (bench/limit.c, one and two raw sockets, without and with the
# per-packet transmit stamps that exact batched send times need), then connmonitor on
# loopback hosts at 10 echoes/s each: 25,000, 30,000 and 45,000 hosts (more than it can hold here: the
# most it moves) with as many engines as it picks, the
# same 25,000 held to one engine (--engines 1), and 5,000 hosts, which one engine holds. Each row:
# echoes/s asked and achieved, achieved as % of the two-socket limit measured in this run, CPU (cores
# busy on average) and CPU per echo, engine threads (started / busy above 20% of a core), records/s and lossy records.
# Needs root (raw sockets) and gcc.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$here/bin/java-home.sh"
connmonitor_find_jdk
seconds="${1:-30}"
warmup="${2:-15}"
work="$(mktemp -d)"
running=""
trap '[ -n "$running" ] && kill -TERM "$running" 2>/dev/null; rm -rf "$work"' EXIT
[ -f "$here/target/connmonitor.jar" ] || (cd "$here" && mvn -B -q -ntp -DskipTests package)
gcc -O2 -pthread -o "$work/limit" "$here/bench/limit.c"
hz=$(getconf CLK_TCK)
limit2=0

head_hosts() { # N: N distinct 127.30.x.y addresses, 10 echoes/s each, JSON records
  python3 -c "import sys
for i in range(int(sys.argv[1])): print(f'127.30.{i//250}.{1+i%250} ping=1000 numpings=10 json=1')" "$1"
}

head_row() { # LABEL ASKED ACHIEVED CORES ENGINES RECORDS LOSSY
  local share="-" cost="-"
  [ "$limit2" -gt 0 ] && share=$(awk -v a="$3" -v l="$limit2" 'BEGIN {printf "%.0f%%", 100 * a / l}')
  [ "$3" -gt 0 ] && cost=$(awk -v c="$4" -v a="$3" 'BEGIN {printf "%.1f", c * 1e6 / a}')
  printf "%-34s %8s %9s %7s %6s %7s %8s %11s %6s\n" "$1" "$2" "$3" "$share" "$4" "$cost" "$5" "$6" "$7"
}

head_limit() { # SOCKETS LABEL [stamps]: sets limit_rate
  local out cpu
  out=$("$work/limit" "$seconds" "$1" 10000 ${3:-} 2>/dev/null)
  read -r _ _ limit_rate cpu _ <<< "$out"
  head_row "$2" "-" "$limit_rate" "$(awk -v c="$cpu" -v s="$seconds" 'BEGIN {printf "%.2f", c / s}')" "$1/$1" "-" "-"
}

engine_ticks() { # PID: "tid ticks" of every engine thread
  for task in /proc/"$1"/task/*; do
    if grep -q '^icmp-engine' "$task/comm" 2>/dev/null; then
      echo "$(basename "$task") $(awk '{print $14 + $15}' "$task/stat")"
    fi
  done
}

head_connmonitor() { # HOSTS LABEL [OPTIONS]
  local n=$1 label=$2 options="${3:-}"
  local conf="$work/h$n.conf" out="$work/out$n${options//[^0-9]/}"
  head_hosts "$n" > "$conf"
  # shellcheck disable=SC2086 # options are words
  "$JAVA_HOME/bin/java" "@$here/src/main/jvm/connmonitor.args" -jar "$here/target/connmonitor.jar" $options "$conf" \
    > "$out" 2> "$out.err" &
  local pid=$!
  running=$pid
  sleep "$warmup"
  local t0 r0 e0 t1 r1 e1
  t0=$(awk '{print $14 + $15}' "/proc/$pid/stat"); r0=$(wc -l < "$out"); e0=$(engine_ticks "$pid")
  sleep "$seconds"
  t1=$(awk '{print $14 + $15}' "/proc/$pid/stat"); r1=$(wc -l < "$out"); e1=$(engine_ticks "$pid")
  local threads; threads=$(ls "/proc/$pid/task" | wc -l)
  kill -TERM "$pid"; wait "$pid" || true
  running=""
  local started busy
  started=$(echo "$e1" | grep -c . || true)
  busy=$(join <(echo "$e0" | sort) <(echo "$e1" | sort) \
    | awk -v hz="$hz" -v s="$seconds" '($3 - $2) / hz / s > 0.2 {n++} END {print n + 0}')
  local records=$(( r1 - r0 ))
  local lossy; lossy=$(tail -n +$(( r0 + 1 )) "$out" | head -n "$records" | grep -vc '"loss":0.000000}' || true)
  head_row "$label" $(( n * 10 )) $(( records * 10 / seconds )) \
    "$(awk -v t=$(( t1 - t0 )) -v hz="$hz" -v s="$seconds" 'BEGIN {printf "%.2f", t / hz / s}')" \
    "$started/$busy" "$(( records / seconds ))/$n" "$lossy"
  echo "    threads: $threads" >&2
  [ -s "$out.err" ] && sed 's/^/    stderr: /' "$out.err" | head -2 >&2 || true
}

echo "connmonitor headroom: ${warmup}s warm-up, then ${seconds}s measured per row; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), Linux $(uname -r)"
printf "%-34s %8s %9s %7s %6s %7s %8s %11s %6s\n" scenario asked/s echoes/s "% lim2" cores "us/echo" engines records/s lossy
head_limit 2 "limit: 2 raw sockets"
limit2=$limit_rate
head_limit 1 "limit: 1 raw socket"
head_limit 2 "limit: 2 sockets + send stamps" stamps
head_limit 1 "limit: 1 socket + send stamps" stamps
head_connmonitor 25000 "connmonitor 25,000 hosts"
head_connmonitor 30000 "connmonitor 30,000 hosts"
head_connmonitor 45000 "connmonitor 45,000 hosts"
head_connmonitor 25000 "connmonitor 25,000 --engines 1" "--engines 1"
head_connmonitor 5000  "connmonitor 5,000 hosts"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "echoes/s: achieved (connmonitor: records x 10 / s); % lim2: of the two-socket limit row above;"
echo "cores: CPU seconds (user+system) per second; us/echo: CPU microseconds per echo (cores / echoes/s);"
echo "engines: engine threads started/busy (>20% of a core);"
echo "lossy: records with loss > 0 in the measured window (the limit rows do not match replies)."
echo "+ send stamps: the limit loop with what exact batched RTTs need on top (a transmit stamp per packet with"
echo "its id, the error queue drained after each sendmmsg, kernel receive stamps): the ceiling for an exact sender."
