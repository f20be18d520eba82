#!/usr/bin/env bash
# Writes connmonitor's AOT cache (JEP 483/514/515): the classes it loads, already parsed and linked, the
# lambda and method-handle forms it spins and the profiles of its hot methods, for the next starts to map
# instead of redoing. A cache only fits the JVM build and the jar it was made with; the JVM checks that
# and silently starts without one that does not fit (connmonitor.args turns its aot/cds messages off).
#   packaging/aot-train.sh JAVA ARGS_FILE JAR OUT
# The training run monitors four loopback hosts (pings in both output formats and a trace) until the
# first record plus a second (at most 60 s), then gets SIGTERM; the JVM writes OUT as it exits. Used by
# bin/connmonitor (after it builds the jar) and packaging/build-deb.sh (on the package's runtime).
# Exits 0 with OUT written, 1 without (a run that cannot open ICMP sockets still caches start-up).
set -uo pipefail
java="$1" args="$2" jar="$3" out="$4"
work="$(mktemp -d)" || exit 1
trap 'rm -rf "$work"' EXIT
printf '%s\n' '127.0.0.1 ping=200 numpings=3' '127.0.0.2 ping=200 numpings=3 json=1' \
  '127.0.0.3 ping=0 trace=500 hops=3' '127.0.0.4 ping=0 trace=500 hops=3 json=1' > "$work/train.conf"
# The JVM forks a second JVM to assemble the cache; that one says "Picked up JAVA_TOOL_OPTIONS" on stderr.
"$java" "@$args" -XX:AOTCacheOutput="$work/cache.aot" -jar "$jar" "$work/train.conf" > "$work/out" 2> /dev/null &
pid=$!
for _ in $(seq 600); do
  [ -s "$work/out" ] || ! kill -0 "$pid" 2> /dev/null && break
  sleep 0.1
done
sleep 1
kill -TERM "$pid" 2> /dev/null
wait "$pid"
[ -s "$work/cache.aot" ] || exit 1
cp "$work/cache.aot" "$out.$$" && mv -f "$out.$$" "$out"
