#!/usr/bin/env bash
# Paths benchmark (issue 17), side by side with Debian's tools on the same lab in one run:
#   1. per-hop loss and RTT: connmonitor's path record (path=) vs mtr --report, at the same time, through
#      client - r1 - r2 - r3 - server with 10 ms each way on r1-r2 and 30% loss from r2 towards r3
#   2. UDP and TCP traces: connmonitor's proto=udp / proto=tcp traces vs traceroute -U / -T, same lab
#   3. every path: connmonitor's paths= vs traceroute -U over 16 source ports in the ecmp lab, then with
#      r2b isolated
#   bench/paths.sh [ROUNDS]   (default 200 rounds of 0.1 s for part 1)
# Needs root (namespaces, TUN, raw sockets), mtr-tiny, traceroute and python3.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$here/bin/java-home.sh"
connmonitor_find_jdk
rounds="${1:-200}"
work="$(mktemp -d)"
chain="pc$$"
ecmp="pe$$"
cleanup() {
  pkill -TERM -f "connmonitor.jar $work/" 2>/dev/null || true
  "$here/bin/netlab" down "$chain" >/dev/null 2>&1 || true
  "$here/bin/netlab" down "$ecmp" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
(cd "$here" && mvn -B -q -ntp -DskipTests package)
java=("$JAVA_HOME/bin/java" "@$here/src/main/jvm/connmonitor.args")
address_of() { # LAB NODE: the node's first IPv4 address
  "$here/bin/netlab" exec "$1" "$2" ip -4 -o addr show | awk '$2 != "lo" {sub("/.*", "", $4); print $4; exit}'
}
monitor() { # LAB CONF OUT: connmonitor in the lab's client, in the background
  "$here/bin/netlab" exec "$1" client "${java[@]}" -jar "$here/target/connmonitor.jar" "$2" > "$3" 2> "$3.err" &
}
stop_monitor() { pkill -TERM -f "connmonitor.jar $1" || true; sleep 1; }

echo "connmonitor paths benchmark, $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)," \
  "Linux $(uname -r), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "1. Per hop, $rounds rounds 0.1 s apart, both at once: connmonitor trace=100 probes=1 path= (its window: the"
echo "   last 100 traces) and mtr --report -c $rounds -i 0.1. Emulated: r1-r2 10 ms each way, r2>r3 30% loss."
"$here/bin/netlab" up -d -n "$chain" chain3 r1-r2 delay=10 'r2>r3' loss=30 >/dev/null
server=$(address_of "$chain" server)
echo "$server trace=100 hops=8 path=$(( rounds * 100 - 500 )) json=1" > "$work/path.conf"
monitor "$chain" "$work/path.conf" "$work/path.out"
"$here/bin/netlab" exec "$chain" client mtr --report --no-dns -c "$rounds" -i 0.1 "$server" > "$work/mtr"
sleep 2
stop_monitor "$work/path.conf"
python3 - "$work/path.out" "$work/mtr" <<'EOF'
import json, re, sys
records = [json.loads(l) for l in open(sys.argv[1]) if '"path":' in l]
ours = {h["hop"]: h for h in records[-1]["path"]} if records else {}
mtr = {}
for line in open(sys.argv[2]):
    m = re.match(r"\s*(\d+)\.\|--\s+(\S+)\s+([\d.]+)%\s+(\d+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)", line)
    if m:
        mtr[int(m.group(1))] = m.groups()
print("   %-4s %-12s %28s   %28s" % ("hop", "address", "connmonitor loss% avg best", "mtr loss% avg best"))
for hop in sorted(set(ours) | set(mtr)):
    o, t = ours.get(hop), mtr.get(hop)
    left = "%6.1f%% %8.2f %8.2f (%d)" % (o["loss"], o["avg"], o["best"], o["sent"]) if o else "-"
    right = "%6.1f%% %8.2f %8.2f (%s)" % (float(t[2]), float(t[5]), float(t[6]), t[3]) if t else "-"
    print("   %-4d %-12s %28s   %28s" % (hop, (o or {}).get("addr") or (t[1] if t else "*"), left, right))
print("   path records: %d (ms; the sent count in parentheses)" % len(records))
EOF
echo "   trace records printed (only route changes print): $(grep -c '"trace":' "$work/path.out" || true)"

echo
echo "2. One trace each over UDP and TCP (ours: hops=8, all TTLs at once; traceroute: -n -q 1), best RTT per hop, ms:"
"$here/bin/netlab" ctl "$chain" set all loss=0 >/dev/null
{
  echo "$server trace=1000 hops=8 proto=udp port=33434 json=1 timestamp=0"
} > "$work/udp.conf"
{
  echo "$server trace=1000 hops=8 proto=tcp port=444 json=1 timestamp=0"
} > "$work/tcp.conf"
for proto in udp tcp; do
  monitor "$chain" "$work/$proto.conf" "$work/$proto.out"
  sleep 4
  stop_monitor "$work/$proto.conf"
  if [ "$proto" = udp ]; then flags=(-U -p 33434); else flags=(-T -p 444); fi
  "$here/bin/netlab" exec "$chain" client traceroute -n -q 1 -m 8 "${flags[@]}" "$server" > "$work/$proto.tr" 2>&1 || true
  python3 - "$work/$proto.out" "$work/$proto.tr" "$proto" <<'EOF'
import json, re, sys
traces = [json.loads(l)["trace"] for l in open(sys.argv[1]) if '"trace":' in l]
ours = traces[0] if traces else []
theirs = []
for line in open(sys.argv[2]):
    m = re.match(r"\s*(\d+)\s+(\S+)(?:\s+([\d.]+) ms)?", line)
    if m and not line.startswith("traceroute"):
        theirs.append((m.group(2), m.group(3)))
for i in range(max(len(ours), len(theirs))):
    o = ours[i] if i < len(ours) else None
    o = "%-10s %8.3f" % (o[0], o[1]) if isinstance(o, list) else "%-19s" % (o or "-")
    t = theirs[i] if i < len(theirs) else ("-", None)
    print("   %s hop %d  connmonitor %s   traceroute %-10s %s" % (sys.argv[3], i + 1, o, t[0], t[1] or "*"))
EOF
done
"$here/bin/netlab" down "$chain" >/dev/null

echo
echo "3. Every path in the ecmp lab (client - r1 => r2a | r2b => r3 - server, Linux multipath, L4 hash):"
"$here/bin/netlab" up -d -n "$ecmp" ecmp >/dev/null
server=$(address_of "$ecmp" server)
distinct_traceroute() { # 16 source ports, one traceroute -U each: the distinct hop lists
  for port in $(seq 61001 61016); do
    "$here/bin/netlab" exec "$ecmp" client traceroute -n -q 1 -m 8 -U -p 33434 --sport="$port" "$server" 2>/dev/null \
      | awk 'NR > 1 {printf "%s ", $2} END {print ""}'
  done | sort -u | sed 's/^/      traceroute -U: /'
}
echo "$server paths=3000 hops=8 proto=udp json=1" > "$work/paths.conf"
monitor "$ecmp" "$work/paths.conf" "$work/paths.out"
sleep 10
echo "   both branches up:"
distinct_traceroute
"$here/bin/netlab" ctl "$ecmp" isolate r2b >/dev/null
sleep 10
echo "   r2b isolated:"
distinct_traceroute
"$here/bin/netlab" ctl "$ecmp" reconnect r2b >/dev/null
sleep 10
stop_monitor "$work/paths.conf"
python3 - "$work/paths.out" <<'EOF'
import json, sys
records = [json.loads(l) for l in open(sys.argv[1]) if '"paths":' in l]
print("   connmonitor paths=3000 (a record only when the set changes): %d records over 30 s" % len(records))
t0 = records[0]["timestamp"] if records else 0
for r in records:
    print("      +%5.1f s  %d path(s), %d flows, %d probes: %s" % ((r["timestamp"] - t0) / 1000, len(r["paths"]),
          r["flows"], r["probes"], "  |  ".join(" ".join(p) for p in r["paths"])))
EOF
[ -s "$work/paths.out.err" ] && sed 's/^/   stderr: /' "$work/paths.out.err" | head -3 || true
