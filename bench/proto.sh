#!/usr/bin/env bash
# TCP and UDP pings at scale (issue 17), side by side with ICMP echo and fping in one run:
#   bench/proto.sh [SECONDS] [WARMUP]     (defaults 30 and 10)
# Runs bench/scale.sh's "proto" mode inside a network namespace made for it, whose loopback carries the
# 127.0.0.0/8 hosts. There the kernel's global limit on ICMP errors (net.ipv4.icmp_msgs_per_sec, 1,000/s by
# default) is lifted, so that the port unreachables UDP pings wait for are not dropped at 20,000/s: the
# limit is per namespace, and the machine's own is left alone. TCP pings are answered by the kernel's RSTs,
# which have no such limit. Needs root and fping.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${1:-30}"
warmup="${2:-10}"
ns="cmproto$$"
ip netns add "$ns"
trap 'ip netns del "$ns" 2>/dev/null || true' EXIT
ip netns exec "$ns" ip link set lo up
ip netns exec "$ns" sysctl -q -w net.ipv4.icmp_msgs_per_sec=10000000 net.ipv4.icmp_msgs_burst=10000000 net.ipv4.icmp_ratelimit=0
echo "in network namespace $ns: net.ipv4.icmp_msgs_per_sec and icmp_msgs_burst 10,000,000, icmp_ratelimit 0"
ip netns exec "$ns" "$here/bench/scale.sh" "$seconds" "$warmup" proto
