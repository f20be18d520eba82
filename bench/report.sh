#!/usr/bin/env bash
# Benchmark of `connmonitor report` on a large log: writes a synthetic JSON record log of SIZE_MB
# (default 1024, about 5 million records; 20 hosts, a burst every 500 ms), then times the report with
# at most 512 MB of heap and prints the figures. Targets: under 30 s, HTML under 5 MB.
#   bench/report.sh [SIZE_MB] [HOSTS]        (the log is kept in $BENCH_DIR, default target/bench)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$here/bin/java-home.sh"
connmonitor_find_jdk
size_mb="${1:-1024}"
hosts="${2:-20}"
dir="${BENCH_DIR:-$here/target/bench}"
mkdir -p "$dir"
log="$dir/records-${size_mb}m-${hosts}h.log"
page="$dir/report.html"

cd "$here"
if [ ! -f target/connmonitor.jar ] || [ ! -d target/test-classes/connmonitor/report ]; then
  echo "building ..." >&2
  mvn -B -q -ntp -DskipTests package test-compile >&2
fi
if [ ! -f "$log" ]; then
  echo "writing $log ..." >&2
  "$JAVA_HOME/bin/java" -cp target/test-classes connmonitor.report.SyntheticLog "$log" "$size_mb" "$hosts" >"$log.records"
fi
records="$(cat "$log.records")"
log_bytes="$(stat -c %s "$log")"

# the page cache warm, as for a log that was just written; the timing is the report's own work
cat "$log" >/dev/null
# wall-clock seconds, CPU seconds (user, system) and peak resident memory in kB, from GNU time
/usr/bin/time -f '%e %U %S %M' -o "$dir/time" "$JAVA_HOME/bin/java" -Xmx512m -XX:+UseSerialGC \
  -jar target/connmonitor.jar report "$log" -o "$page" >"$dir/stdout" 2>"$dir/stderr"
read -r seconds user system rss_kb <"$dir/time"
page_bytes="$(stat -c %s "$page")"
cat "$dir/stdout"
printf 'log:      %s MB, %s records, %s hosts\n' "$((log_bytes >> 20))" "$records" "$hosts"
printf 'report:   %.1f s wall, %.1f s CPU (%.0f records/s) with -Xmx512m, peak RSS %s MB\n' "$seconds" \
  "$(echo "$user + $system" | bc)" "$(echo "$records / $seconds" | bc -l)" "$((rss_kb / 1024))"
printf 'machine:  %s cores, load average %s\n' "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf 'page:     %.2f MB (%s bytes)\n' "$(echo "$page_bytes / 1048576" | bc -l)" "$page_bytes"
ok=1
(( $(echo "$seconds < 30" | bc) )) || { echo "FAIL: took $seconds s, limit 30 s"; ok=0; }
(( page_bytes < 5 * 1024 * 1024 )) || { echo "FAIL: page is $page_bytes bytes, limit 5 MB"; ok=0; }
[ "$ok" = 1 ] && echo "OK: under 30 s and under 5 MB"
[ "$ok" = 1 ]
