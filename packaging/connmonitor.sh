#!/bin/sh
# /usr/bin/connmonitor: runs the bundled jar on the bundled Java runtime (no system Java needed).
# exec keeps the process id, so systemd's $MAINPID is the JVM itself and signals reach it.
# The JVM flags are those of bin/connmonitor in the source tree (a test keeps them the same).
set -e
lib="$(dirname "$(readlink -f "$0")")/../lib/connmonitor"
exec "$lib/runtime/bin/java" -XX:+UseSerialGC -Xms64m -Xmx256m -XX:+ExitOnOutOfMemoryError \
  --finalization=disabled -XX:CICompilerCount=2 -Djdk.virtualThreadScheduler.parallelism=1 \
  --enable-native-access=ALL-UNNAMED -XX:CompileCommand=quiet '-XX:CompileCommand=dontinline,connmonitor.icmp.Libc::*' \
  ${CONNMONITOR_JAVA_OPTS:-} -jar "$lib/connmonitor.jar" "$@"
