#!/bin/sh
# /usr/bin/connmonitor: runs the bundled jar on the bundled Java runtime (no system Java needed).
# exec keeps the process id, so systemd's $MAINPID is the JVM itself and signals reach it.
# The JVM options are those of bin/connmonitor in the source tree: one file, installed next to the jar.
set -e
lib="$(dirname "$(readlink -f "$0")")/../lib/connmonitor"
# connmonitor.aot, made for this runtime and jar when the package was built, makes starts quick.
aot="$lib/connmonitor.aot"
[ -f "$aot" ] || aot=""
# A small job (a config file of at most 200 hosts) runs on the quick JIT alone: C2 would spend minutes
# of CPU and 15 MiB compiling code that such a load never needs (docs/performance.md has the figures).
jit=""
for last in "$@"; do :; done
if [ $# -gt 0 ] && [ "$1" != report ] && [ -f "$last" ] && [ -r "$last" ] \
  && [ "$(grep -cv '^[[:space:]]*\(#.*\)\{0,1\}$' "$last" 2>/dev/null)" -le 200 ]; then
  jit="-XX:TieredStopAtLevel=1"
fi
exec "$lib/runtime/bin/java" "@$lib/connmonitor.args" ${aot:+"-XX:AOTCache=$aot"} $jit ${CONNMONITOR_JAVA_OPTS:-} -jar "$lib/connmonitor.jar" "$@"
