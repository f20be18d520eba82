#!/bin/sh
# /usr/bin/connmonitor: runs the bundled jar on the bundled Java runtime (no system Java needed).
# exec keeps the process id, so systemd's $MAINPID is the JVM itself and signals reach it.
# The JVM options are those of bin/connmonitor in the source tree: one file, installed next to the jar.
set -e
lib="$(dirname "$(readlink -f "$0")")/../lib/connmonitor"
exec "$lib/runtime/bin/java" "@$lib/connmonitor.args" ${CONNMONITOR_JAVA_OPTS:-} -jar "$lib/connmonitor.jar" "$@"
