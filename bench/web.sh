#!/usr/bin/env bash
# Benchmark of the live view's history (issue 18): generates the JSON record log of HOSTS hosts (default
# 10,000) over a week, so that every resolution (minute for an hour, five minutes for a day, hour for a
# week) and the reservoir of the minute still filling are full, feeds it to the history as --history does,
# and prints the heap it takes after a full GC and how long the overview (worst 100 hosts) takes.
# Budget: at most 100 MiB for 10,000 hosts; the overview well under a second.
#   bench/web.sh [HOSTS]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$here/bin/java-home.sh"
connmonitor_find_jdk
hosts="${1:-10000}"
cd "$here"
if [ ! -d target/test-classes/connmonitor/web ]; then
  echo "building ..." >&2
  mvn -B -q -ntp -DskipTests package test-compile >&2
fi
jackson="$(sed -n 's:.*<jackson.version>\(.*\)</jackson.version>.*:\1:p' pom.xml)"
cp="target/test-classes:target/classes:$HOME/.m2/repository/com/fasterxml/jackson/core/jackson-core/$jackson/jackson-core-$jackson.jar"
printf 'machine:   %s cores, load average %s\n' "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
"$JAVA_HOME/bin/java" -XX:+UseSerialGC -Xmx1g -cp "$cp" connmonitor.web.HistoryBench "$hosts"
