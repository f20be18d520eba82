#!/usr/bin/env bash
# Scale benchmark (issue 7, part 1): connmonitor vs fping on loopback hosts, side by side in one run.
#   bench/scale.sh [SECONDS] [WARMUP] [fleet|headroom|peers|mixed|small|issue19|proto]     (defaults 60 and 10)
# "proto" (issue 17) pings 2,000 hosts over ICMP, TCP and UDP in turn, twice, beside fping: run it through
# bench/proto.sh, which gives it a network namespace of its own where ICMP errors are not rate limited.
# With "headroom" (issue 19) it runs only bench/headroom.sh: the kernel's limit against connmonitor at
# 25,000 and 30,000 hosts x 10 echoes/s; the full run ends with that table too.
# With "fleet" (issue 15) it runs only 10,000 hosts plain against 10,000 hosts with two labels each and
# source= (per-packet ancillary data), twice each, interleaved, so the CPU per echo can be compared.
# Each program runs WARMUP seconds first (JVM start and JIT), then is measured over SECONDS from /proc:
# CPU seconds per 1,000 echoes, peak RSS, threads, records/s vs expected, loss.
# The rows of issue 19 (bench/scale-peers.sh): "peers" compares CPU per echo with fping and Debian's
# prometheus-smokeping-prober at 100, 500 and 2,000 hosts, "mixed" runs 10,000 hosts with traces and scans
# against nginx on top of the pings, "small" times a 100-host job (first record, RSS, CPU vs fping),
# "issue19" runs those three; the default runs every row. The 500- and 2,000-host rows (STEADY_SIZES) are
# measured a second time in the same processes, SECONDS from STEADY s (default 90) after start, once warm.
# Needs root (raw sockets), fping, nginx-light and openssl (apt-get install fping nginx-light openssl) and,
# for its column, prometheus-smokeping-prober (apt-get install prometheus-smokeping-prober).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$here/bin/java-home.sh"
connmonitor_find_jdk
seconds="${1:-60}"
warmup="${2:-10}"
mode="${3:-all}"
work="$(mktemp -d)"
trap 'pkill -f "$work" 2>/dev/null || true; rm -rf "$work"' EXIT
(cd "$here" && mvn -B -q -ntp -DskipTests package)
"$here/bin/connmonitor" --version > /dev/null # the launcher's AOT cache for this jar, before any timing

hosts() { # N PREFIX: N distinct 127.PREFIX.x.y addresses
  python3 -c "import sys
n=int(sys.argv[1]); p=sys.argv[2]
for i in range(n): print(f'127.{p}.{i//250}.{1+i%250}')" "$1" "$2"
}

pid_of() { # PATTERN: the pid of the process whose command line matches, waiting for it to start
  local pid=""
  for _ in $(seq 100); do pid=$(pgrep -f "$1" | head -1) && [ -n "$pid" ] && break; sleep 0.1; done
  [ -n "$pid" ] || { echo "no process matching $1" >&2; exit 1; }
  echo "$pid"
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }              # user + system, 1/100 s
threads() { ls "/proc/$1/task" | wc -l; }
peak_rss_mib() { awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$1/status"; }

last_cpu_per_k=0
row() { # LABEL ECHOES TICKS RSS THREADS RECORDS LOSSY (sets last_cpu_per_k)
  last_cpu_per_k=$(echo "$3 * 10 / $2" | bc -l)
  printf "%-26s %10d %10.4f %8d %8d %14s %6s\n" "$1" "$2" "$(echo "$3 * 10 / $2" | bc -l)" "$4" "$5" "$6" "$7"
}

run_connmonitor() { # N LABEL [EXTRA OPTIONS]
  local n=$1 label=$2 extra="${3:-}"
  local conf="$work/c$1-${#extra}.conf" out="$work/out$1-${#extra}"
  hosts "$n" 10 | sed "s/\$/ ping=1000 numpings=10 json=1${extra:+ $extra}/" > "$conf"
  : > "$out"
  "$here/bin/connmonitor" "$conf" > "$out" 2> "$work/err" &
  local pid; pid=$(pid_of "connmonitor.jar $conf")
  sleep "$warmup"
  local t0 r0 t1 r1 max=0
  t0=$(cpu_ticks "$pid"); r0=$(wc -l < "$out")
  for _ in $(seq "$seconds"); do sleep 1; n2=$(threads "$pid"); [ "$n2" -gt "$max" ] && max=$n2; done
  t1=$(cpu_ticks "$pid"); r1=$(wc -l < "$out")
  local rss; rss=$(peak_rss_mib "$pid")
  [ "${steady_at:-0}" -gt 0 ] && steady_window "$pid" "$out" "$n" # issue 19: the same process once warm
  kill -TERM "$pid"; wait || true
  local records=$(( r1 - r0 ))
  local lossy; lossy=$(grep -vc '"loss":0.000000}' "$out" || true)
  row "$label" $(( records * 10 )) $(( t1 - t0 )) "$rss" "$max" "$(( records / seconds ))/$n" "$lossy"
  [ -s "$work/err" ] && sed 's/^/    stderr: /' "$work/err" | head -3 || true
}

run_fping() { # N LABEL: one fping process, one echo per host every 100 ms (10/s), over the same window
  local n=$1 label=$2 list="$work/f$1.hosts"
  hosts "$n" 11 > "$list"
  fping -q -c $(( (warmup + seconds + 3) * 10 )) -p 100 -i 0.1 -f "$list" > /dev/null 2> "$work/fping" &
  local pid; pid=$(pid_of "fping -q -c .* -f $list")
  sleep "$warmup"
  local t0 t1
  t0=$(cpu_ticks "$pid"); sleep "$seconds"; t1=$(cpu_ticks "$pid")
  local rss; rss=$(peak_rss_mib "$pid"); local max; max=$(threads "$pid")
  wait || true
  local sent received
  sent=$(sed -n 's/.*xmt\/rcv\/%loss = \([0-9]*\)\/\([0-9]*\)\/.*/\1/p' "$work/fping" | paste -sd+ | bc)
  received=$(sed -n 's/.*xmt\/rcv\/%loss = \([0-9]*\)\/\([0-9]*\)\/.*/\2/p' "$work/fping" | paste -sd+ | bc)
  row "$label" $(( n * 10 * seconds )) $(( t1 - t0 )) "$rss" "$max" "-" "$(( sent - received ))"
}

run_limit() { # SOCKETS LABEL: the least work that moves echoes here (bench/limit.c), as fast as it can
  local sockets=$1 label=$2
  [ -x "$work/limit" ] || gcc -O2 -pthread -o "$work/limit" "$here/bench/limit.c"
  local out; out=$("$work/limit" "$seconds" "$sockets" 10000)
  local rate cpu rss; read -r _ _ rate cpu rss <<< "$out"
  row "$label" $(( rate * seconds )) "$(echo "$cpu * 100" | bc -l | cut -d. -f1)" "$rss" $(( sockets + 1 )) "$rate/s" "-"
}

if [ "$mode" = headroom ]; then
  exec "$here/bench/headroom.sh" "$seconds" "$warmup" # issue 19: its own table, limit rows measured alongside
fi
. "$here/bench/scale-peers.sh"
issue19_rows() { # MODE: the rows of bench/scale-peers.sh that MODE asks for
  case "$1" in peers|issue19|all) peers_table 100 500 2000 ;; esac
  case "$1" in mixed|issue19|all) mixed_row 10000 "mixed 10,000 hosts" ;; esac
  case "$1" in small|issue19|all) small_row ;; esac
}

echo "connmonitor scale benchmark: ${warmup}s warm-up, then ${seconds}s measured per scenario"
echo "load: 10 echoes/s per host on 127.0.0.0/8 (connmonitor ping=1000 numpings=10; fping -p 100)"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), Linux $(uname -r), $(free -g | awk '/Mem/ {print $2}') GiB"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
printf "%-26s %10s %10s %8s %8s %14s %6s\n" scenario echoes "CPU-s/1k" "RSS MiB" threads "records/s" lossy
if [ "$mode" = fleet ]; then
  fleet_options="label.site=fra1 label.role=db source=127.0.0.1"
  plain=0 fleet=0
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  for round in 1 2; do
    run_connmonitor 10000 "10,000 plain ($round)"
    plain=$(echo "$plain + $last_cpu_per_k" | bc -l)
    run_connmonitor 10000 "10,000 labels+source ($round)" "$fleet_options"
    fleet=$(echo "$fleet + $last_cpu_per_k" | bc -l)
  done
  echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "labels+source: every host has '$fleet_options' (source= goes out with sendmsg and IP_PKTINFO)"
  ratio=$(echo "$fleet / $plain" | bc -l)
  verdict=$(echo "$ratio <= 1.10" | bc -l)
  printf "CPU per 1,000 echoes, labels+source / plain (mean of the rounds): %.3f (bound 1.10: %s)\n" \
    "$ratio" "$([ "$verdict" = 1 ] && echo within || echo OVER)"
  exit 0
fi
if [ "$mode" = proto ]; then # issue 17: the same 2,000 hosts pinged over ICMP, TCP and UDP (run by bench/proto.sh)
  run_fping       2000 "fping icmp 2,000 hosts"
  for round in 1 2; do
    run_connmonitor 2000 "icmp 2,000 hosts ($round)"
    run_connmonitor 2000 "tcp 2,000 hosts ($round)" "proto=tcp port=9"
    run_connmonitor 2000 "udp 2,000 hosts ($round)" "proto=udp port=9"
  done
  echo "tcp: a SYN to port 9 (closed) and the kernel's RST; udp: a datagram to port 9 and the ICMP port unreachable."
  echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
  exit 0
fi
case "$mode" in peers|mixed|small|issue19) issue19_rows "$mode"; echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"; exit 0 ;; esac
run_limit       1     "limit: 1 raw socket"
run_limit       2     "limit: 2 raw sockets"
run_connmonitor 500   "connmonitor 500 hosts"
run_fping       500   "fping 500 hosts"
run_connmonitor 1000  "connmonitor 1,000 hosts"
run_connmonitor 10000 "connmonitor 10,000 hosts"
echo "CPU-s/1k: CPU seconds (user+system) per 1,000 echoes in the measured window; RSS: peak resident;"
echo "records/s: measured/hosts (each host prints about one record per second); lossy: records with loss > 0"
echo "(connmonitor) or echoes without reply over the whole run (fping)."
echo "limit: bench/limit.c, sendmmsg/recvmmsg batches of 64 on raw sockets (one thread each, a BPF filter per"
echo "socket), as many echoes as the machine moves, no matching or records: records/s is its echoes/s."
echo
"$here/bench/headroom.sh" "$seconds" "$warmup" # how close connmonitor comes to the limit (issue 19)
issue19_rows all
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
