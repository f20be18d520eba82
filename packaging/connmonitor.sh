#!/bin/sh
# /usr/bin/connmonitor: runs the bundled jar on the bundled Java runtime (no system Java needed).
# exec keeps the process id, so systemd's $MAINPID is the JVM itself and signals reach it.
# The JVM options are those of bin/connmonitor in the source tree: one file, installed next to the jar.
set -e
lib="$(dirname "$(readlink -f "$0")")/../lib/connmonitor"
# connmonitor.aot, made for this runtime and jar when the package was built, makes starts quick.
aot="$lib/connmonitor.aot"
[ -f "$aot" ] || aot=""
exec "$lib/runtime/bin/java" "@$lib/connmonitor.args" ${aot:+"-XX:AOTCache=$aot"} ${CONNMONITOR_JAVA_OPTS:-} -jar "$lib/connmonitor.jar" "$@"
