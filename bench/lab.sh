#!/usr/bin/env bash
# Lab benchmarks (issue 7, parts 2 and 3), measured side by side with Debian's tools in one run:
#   precision   connmonitor's RTTs vs iputils ping on the same emulated path (medians, stdev)
#   trace speed a full connmonitor trace vs traceroute -n through client - r1 - r2 - r3 - server
#   bench/lab.sh [SAMPLES]   (default 300 pings each)
# Needs root (namespaces, TUN, raw sockets), iputils-ping and traceroute.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$here/bin/java-home.sh"
connmonitor_find_jdk
samples="${1:-300}"
work="$(mktemp -d)"
pair="bp$$"
chain="bc$$"
cleanup() {
  "$here/bin/netlab" down "$pair" >/dev/null 2>&1 || true
  "$here/bin/netlab" down "$chain" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
(cd "$here" && mvn -B -q -ntp -DskipTests package && mvn -B -q -ntp test-compile)
java=("$JAVA_HOME/bin/java" "@$here/src/main/jvm/connmonitor.args")

stats() { # reads one number per line: prints median, mean and sample stdev
  sort -g | awk '{ v[NR] = $1; s += $1; q += $1 * $1 }
    END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
          printf "%9.3f %9.3f %8.3f %6d", m, s / NR, sqrt((q - s * s / NR) / (NR - 1)), NR }'
}

echo "connmonitor lab benchmark, $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), Linux $(uname -r)"
echo
echo "1. Precision: connmonitor (numpings=1 payload=56, one echo every 0.1 s) and iputils ping (-i 0.1, also 56"
echo "   bytes) on the same path at the same time, $samples echoes each. Path a: loopback (no emulator: only the two programs' clocks"
echo "   differ). Path b: an emulated link of 4.5 ms each way (a 9 ms path: iputils prints RTTs under 10 ms"
echo "   to 0.01 ms); the emulator's own wake-ups add tens of microseconds of noise there."
"$here/bin/netlab" up -d -n "$pair" pair all delay=4.5 >/dev/null
server=$("$here/bin/netlab" exec "$pair" server ip -4 -o addr show | awk '$2 != "lo" {sub("/.*", "", $4); print $4; exit}')
printf "   %-34s %9s %9s %8s %6s\n" "" "median" "mean" "stdev" "n"
side_by_side() { # LABEL ADDRESS
  printf "%s ping=100 numpings=1 payload=56 json=1 timestamp=0\n" "$2" > "$work/one.conf"
  "$here/bin/netlab" exec "$pair" client "${java[@]}" -jar "$here/target/connmonitor.jar" "$work/one.conf" > "$work/ours" 2>&1 &
  sleep 2 # JVM start: its first records are left out below
  "$here/bin/netlab" exec "$pair" client ping -n -i 0.1 -c "$samples" "$2" > "$work/ping"
  pkill -TERM -f "connmonitor.jar $work/one.conf" || true; wait || true
  printf "   %-34s %s\n" "$1 connmonitor" \
    "$(sed -n 's/.*"avg":\([0-9.]*\).*/\1/p' "$work/ours" | tail -n "$samples" | stats)"
  printf "   %-34s %s\n" "$1 iputils ping" "$(sed -n 's/.*time=\([0-9.]*\) ms.*/\1/p' "$work/ping" | stats)"
}
side_by_side "a. loopback:" 127.0.0.1
side_by_side "b. 9 ms emulated path:" "$server"
# The control: two identical iputils processes at once on path b show the noise floor of such a comparison.
"$here/bin/netlab" exec "$pair" client ping -n -i 0.1 -c "$samples" "$server" > "$work/pingA" &
sleep 0.05
"$here/bin/netlab" exec "$pair" client ping -n -i 0.1 -c "$samples" "$server" > "$work/pingB"; wait
printf "   %-34s %s\n" "c. control, path b: ping A" "$(sed -n 's/.*time=\([0-9.]*\) ms.*/\1/p' "$work/pingA" | stats)"
printf "   %-34s %s\n" "c. control, path b: ping B" "$(sed -n 's/.*time=\([0-9.]*\) ms.*/\1/p' "$work/pingB" | stats)"
"$here/bin/netlab" down "$pair" >/dev/null

echo
echo "2. Trace speed: client - r1 - r2 - r3 - server, r1-r2 30 ms and r2-r3 35 ms each way (130 ms RTT):"
"$here/bin/netlab" up -d -n "$chain" chain3 r1-r2 delay=30 r2-r3 delay=35 >/dev/null
target=$("$here/bin/netlab" exec "$chain" server ip -4 -o addr show | awk '$2 != "lo" {sub("/.*", "", $4); print $4; exit}')
timed() { # runs a command 5 times, prints the median wall time in ms
  for _ in 1 2 3 4 5; do
    local s e; s=$(date +%s%N); "$@" > "$work/trace" 2>&1; e=$(date +%s%N); echo $(( (e - s) / 1000000 ))
  done | sort -n | sed -n 3p
}
cp="$here/target/test-classes:$here/target/classes"
for silent in ${BENCH_TRACES:-no yes}; do
  if [ "$silent" = yes ]; then
    "$here/bin/netlab" ctl "$chain" silence r2 >/dev/null
    echo "   with r2 silent (no time-exceeded: a * hop, so both wait for their timeouts):"
  fi
  "$here/bin/netlab" exec "$chain" client "${java[@]}" -cp "$cp" connmonitor.bench.TraceTimer "$target" 30 5 > "$work/ours"
  printf "   %-44s %s\n" "connmonitor trace (hops=30, all TTLs at once)" "$(sed -n 's/^median \([0-9.]*\) ms.*/\1 ms/p' "$work/ours")   $(grep route "$work/ours")"
  printf "   %-44s %s ms\n" "traceroute -n (defaults: 3 probes/hop)" "$(timed "$here/bin/netlab" exec "$chain" client traceroute -n "$target")"
  printf "   %-44s %s ms\n" "traceroute -n -q 1" "$(timed "$here/bin/netlab" exec "$chain" client traceroute -n -q 1 "$target")"
done
echo "   (connmonitor: median of 5 traces inside one process; traceroute: median of 5 runs, process start included)"
