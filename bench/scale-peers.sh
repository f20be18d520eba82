# Rows of bench/scale.sh for issue 19, goals 2 and 3 (sourced by it; uses its hosts, pid_of, cpu_ticks,
# peak_rss_mib, threads, row, run_connmonitor, $work, $seconds, $warmup, $here):
#   peers_table  CPU per 1,000 echoes of connmonitor, fping and Debian's prometheus-smokeping-prober side
#                by side at 100, 500 and 2,000 hosts x 10 echoes/s, and the ratio to fping
#   mixed_row    10,000 hosts x 10 echoes/s, a trace every 10 s and a scan every 60 s, against nginx, in a
#                network namespace of its own (its loopback is 127.0.0.0/8 and its port 80/443 are free)
#   small_row    100 hosts x 1 echo/s: time to first record, RSS and CPU beside fping -l -p 1000

# The short window (WARMUP s after start) carries the JIT's first minute; a daemon runs for weeks, so the
# goal rows are measured again in the same processes once warm: a second window of SECONDS that starts
# STEADY s after start (default 90, after C2's start-up compilations), for the sizes in STEADY_SIZES.
steady="${STEADY:-90}"
steady_sizes=" ${STEADY_SIZES:-500 2000} "
steady_window() { # PID OUT N: connmonitor's CPU and echoes in the window from $steady_at s -> $work/steady-cm
  sleep $(( steady_at - warmup - seconds > 0 ? steady_at - warmup - seconds : 0 ))
  local t0 r0; t0=$(cpu_ticks "$1"); r0=$(wc -l < "$2")
  sleep "$seconds"
  echo "$(( ($(wc -l < "$2") - r0) * 10 )) $(( $(cpu_ticks "$1") - t0 ))" > "$work/steady-cm"
}

# One fping process per 500 hosts: a single process runs out of sequence numbers near 6,500 echoes/s.
fping_ticks() { # N: CPU ticks of fping (10 echoes/s per host) over the measured window; echoes lost -> $work/fping-lost
  # (with steady_at set, its ticks in the window from steady_at s -> $work/steady-fping)
  local n=$1 chunk=500 pids=() i=0 last=$(( warmup + seconds ))
  [ "${steady_at:-0}" -gt 0 ] && last=$(( steady_at > last ? steady_at + seconds : last + seconds ))
  hosts "$n" 11 > "$work/p$n.hosts"
  split -l "$chunk" -d "$work/p$n.hosts" "$work/p$n.part."
  for part in "$work/p$n.part."*; do
    fping -q -c $(( (last + 3) * 10 )) -p 100 -i 0.1 -f "$part" > /dev/null 2> "$part.out" &
    pids+=("$(pid_of "fping -q -c .* -f $part")")
  done
  sleep "$warmup"
  local t0=0 t1=0 p
  for p in "${pids[@]}"; do t0=$(( t0 + $(cpu_ticks "$p") )); done
  sleep "$seconds"
  for p in "${pids[@]}"; do t1=$(( t1 + $(cpu_ticks "$p") )); done
  if [ "${steady_at:-0}" -gt 0 ]; then
    sleep $(( steady_at - warmup - seconds > 0 ? steady_at - warmup - seconds : 0 ))
    local s0=0 s1=0
    for p in "${pids[@]}"; do s0=$(( s0 + $(cpu_ticks "$p") )); done
    sleep "$seconds"
    for p in "${pids[@]}"; do s1=$(( s1 + $(cpu_ticks "$p") )); done
    echo $(( s1 - s0 )) > "$work/steady-fping"
  fi
  wait "${pids[@]}" || true
  cat "$work/p$n.part."*.out | sed -n 's/.*xmt\/rcv\/%loss = \([0-9]*\)\/\([0-9]*\)\/.*/\1-\2/p' | paste -sd+ | bc > "$work/fping-lost"
  echo $(( t1 - t0 ))
}

smokeping_metric() { # PORT NAME: the sum of a metric's series
  curl -s "http://127.0.0.1:$1/metrics" | awk -v m="$2" '$1 ~ "^"m"({|$)" {s += $2} END {printf "%d\n", s}'
}

smokeping_run() { # N: "echoes ticks rss threads" of prometheus-smokeping-prober (--privileged, -i 100ms)
  local n=$1 port=$(( 19374 + n % 1000 ))
  hosts "$n" 12 > "$work/s$n.hosts"
  echo 'targets: []' > "$work/smokeping.yml" # its targets are on the command line; an empty file does not parse
  # shellcheck disable=SC2046
  prometheus-smokeping-prober --privileged -i 100ms --web.listen-address="127.0.0.1:$port" --log.level=error \
    --config.file="$work/smokeping.yml" $(cat "$work/s$n.hosts") > /dev/null 2> "$work/smokeping.err" &
  local pid=$!
  sleep "$warmup"
  local t0 e0 t1 e1
  t0=$(cpu_ticks "$pid"); e0=$(smokeping_metric "$port" smokeping_response_duration_seconds_count)
  sleep "$seconds"
  t1=$(cpu_ticks "$pid"); e1=$(smokeping_metric "$port" smokeping_response_duration_seconds_count)
  echo "$(( e1 - e0 )) $(( t1 - t0 )) $(peak_rss_mib "$pid") $(threads "$pid")"
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
}

connmonitor_cpu() { # N: CPU-s per 1,000 echoes of connmonitor at 10 echoes/s per host; its full row -> $work/cm-rows
  local out; out=$(run_connmonitor "$1" "connmonitor $1 hosts")
  echo "$out" >> "$work/cm-rows"
  head -1 <<< "$out" | cut -c28- | awk '{print $2}'
}

per_1k() { [ "$1" -gt 0 ] && echo "$2 * 10 / $1" | bc -l || echo 0; } # ECHOES TICKS -> CPU-s per 1,000 echoes

peers_table() { # HOSTS...: one line per size; smokeping_prober only where it is asked to run (SMOKEPING_MAX hosts)
  local smokeping_max="${SMOKEPING_MAX:-500}" lines=() n
  command -v prometheus-smokeping-prober > /dev/null || echo "(prometheus-smokeping-prober not installed:" \
    "apt-get install prometheus-smokeping-prober; its column stays empty)"
  local warm=()
  for n in "$@"; do
    local cm fp sp="-" sp_rate="-"
    steady_at=0; [[ "$steady_sizes" == *" $n "* ]] && steady_at=$steady
    cm=$(connmonitor_cpu "$n")
    fp=$(per_1k $(( n * 10 * seconds )) "$(fping_ticks "$n")")
    if [ "$steady_at" -gt 0 ]; then
      local wcm wfp; wcm=$(per_1k $(cat "$work/steady-cm")); wfp=$(per_1k $(( n * 10 * seconds )) "$(cat "$work/steady-fping")")
      warm+=("$(printf "%-8d %12.4f %12.4f %10.2f" "$n" "$wcm" "$wfp" "$(echo "$wcm / $wfp" | bc -l)")")
    fi
    if command -v prometheus-smokeping-prober > /dev/null && [ "$n" -le "$smokeping_max" ]; then
      local e t rss th; read -r e t rss th <<< "$(smokeping_run "$n")"
      sp=$(printf "%.4f" "$(per_1k "$e" "$t")"); sp_rate="$(( e / seconds ))/$(( n * 10 ))"
    fi
    lines+=("$(printf "%-8d %12.4f %12.4f %16s %16s %10.2f" "$n" "$cm" "$fp" "$sp" "$sp_rate" \
      "$(echo "$cm / $fp" | bc -l)")")
  done
  cat "$work/cm-rows"
  echo "CPU-s per 1,000 echoes, 10 echoes/s per host, same run:"
  printf "%-8s %12s %12s %16s %16s %10s\n" hosts connmonitor fping smokeping_prober "its echoes/s" "cm/fping"
  printf "%s\n" "${lines[@]}"
  echo "smokeping_prober: --privileged -i 100ms, echoes counted from its response counter (its echoes/s:"
  echo "delivered/asked: below asked, it cannot keep up); '-': not run (more than SMOKEPING_MAX=$smokeping_max hosts)."
  [ "${#warm[@]}" -gt 0 ] || return 0
  echo "Once warm: the same processes again, ${seconds}s from ${steady}s after start (STEADY; JIT start-up done):"
  printf "%-8s %12s %12s %10s\n" hosts connmonitor fping "cm/fping"
  printf "%s\n" "${warm[@]}"
}

mixed_row() { # N LABEL: pings 10/s, traces every 10 s, scans every 60 s, in a namespace with nginx on 80 and 443
  local n=$1 label=$2 ns="cmbench$$" dir="$work/nginx"
  mkdir -p "$dir"
  ip netns add "$ns" && ip -n "$ns" link set lo up
  trap 'pkill -f "$work" 2>/dev/null || true; ip netns del '"$ns"' 2>/dev/null || true; rm -rf "$work"' EXIT
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=bench \
    -keyout "$dir/key.pem" -out "$dir/cert.pem" 2> /dev/null
  cat > "$dir/nginx.conf" <<EOF
daemon off; user root; worker_processes 1; pid $dir/nginx.pid; error_log $dir/error.log;
events { worker_connections 4096; }
http { access_log off; client_body_temp_path $dir/b; proxy_temp_path $dir/p; fastcgi_temp_path $dir/f;
  uwsgi_temp_path $dir/u; scgi_temp_path $dir/s;
  server { listen 80; location / { return 200; } }
  server { listen 443 ssl; ssl_certificate $dir/cert.pem; ssl_certificate_key $dir/key.pem; location / { return 200; } } }
EOF
  ip netns exec "$ns" nginx -e "$dir/error.log" -p "$dir" -c "$dir/nginx.conf" > /dev/null 2>&1 &
  local conf="$work/mixed.conf" out="$work/mixed.out"
  hosts "$n" 10 | sed 's/$/ ping=1000 numpings=10 trace=10000 scan=60000 json=1/' > "$conf"
  ip netns exec "$ns" "$here/bin/connmonitor" "$conf" > "$out" 2> "$work/err" &
  local pid; pid=$(pid_of "connmonitor.jar $conf")
  sleep "$warmup"
  local t0 t1 p0 p1 r0 r1 s0 s1
  t0=$(cpu_ticks "$pid"); p0=$(grep -c '"ping":' "$out" || true); r0=$(grep -c '"trace":' "$out" || true); s0=$(grep -c '"scan":' "$out" || true)
  sleep "$seconds"
  t1=$(cpu_ticks "$pid"); p1=$(grep -c '"ping":' "$out" || true); r1=$(grep -c '"trace":' "$out" || true); s1=$(grep -c '"scan":' "$out" || true)
  local rss th; rss=$(peak_rss_mib "$pid"); th=$(threads "$pid")
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
  local lossy; lossy=$(grep '"ping":' "$out" | grep -vc '"loss":0.000000}' || true)
  row "$label" $(( (p1 - p0) * 10 )) $(( t1 - t0 )) "$rss" "$th" "$(( (p1 - p0) / seconds ))/$n" "$lossy"
  # a trace record is printed only when the host's route changed (here: its first trace), so this counts
  # first traces that fell in the window, not the traces run
  echo "    trace records/s $(( (r1 - r0) / seconds )) (first traces only; $(( n / 10 ))/s run), scans/s $(( (s1 - s0) / seconds ))/$(( n / 60 ));" \
    "HTTP 200 in $(grep -c '"response code":"200"' "$out" || true) scans; CPU-s/1k counts all CPU against the echoes"
  [ -s "$work/err" ] && sed 's/^/    stderr: /' "$work/err" | head -3 || true
  pkill -f "$dir/nginx.conf" || true
}

small_row() { # 100 hosts x 1 echo/s (4.1.3 plain config): first record (5 starts), then RSS and CPU beside fping
  # Each in a network namespace of its own: every raw ICMP socket gets a copy of every echo reply, and fping
  # (which has no kernel filter) would pay for connmonitor's replies, or those of whatever else runs.
  local n=100 conf="$work/small.conf" list="$work/small.hosts" runs=() i ns="cmsmall$$" fns="cmfping$$"
  ip netns add "$ns" && ip -n "$ns" link set lo up && ip netns add "$fns" && ip -n "$fns" link set lo up
  trap 'pkill -f "$work" 2>/dev/null || true; for n in cmbench'$$' '"$ns $fns"'; do ip netns del $n 2>/dev/null || true; done; rm -rf "$work"' EXIT
  [ -x "$work/first-record" ] || gcc -O2 -o "$work/first-record" "$here/bench/first-record.c"
  hosts "$n" 13 | sed 's/$/ ping=1000 numpings=1/' > "$conf"
  hosts "$n" 14 > "$list"
  "$here/bin/connmonitor" --version > /dev/null # builds the jar and the AOT cache first if need be: a warm start
  for i in 1 2 3 4 5; do runs+=("$(ip netns exec "$ns" nice -n -20 "$work/first-record" "$here/bin/connmonitor" "$conf" 2> /dev/null)"); done
  local first; first=$(printf "%s\n" "${runs[@]}" | sort -n | awk '{w[NR] = $1; c[NR] = $2}
    END {printf "min %.0f ms, median %.0f ms (CPU to it: median %d ms)", w[1], w[3], c[3]}')
  ip netns exec "$ns" "$here/bin/connmonitor" "$conf" > "$work/small.out" 2> "$work/err" &
  local pid; pid=$(pid_of "connmonitor.jar $conf")
  ip netns exec "$fns" fping -l -q -p 1000 -f "$list" > /dev/null 2>&1 &
  local fpid; fpid=$(pid_of "fping -l -q -p 1000 -f $list")
  sleep "$warmup"
  local t0 f0 t1 f1; t0=$(cpu_ticks "$pid"); f0=$(cpu_ticks "$fpid")
  sleep "$seconds"
  t1=$(cpu_ticks "$pid"); f1=$(cpu_ticks "$fpid")
  local rss now th frss; rss=$(peak_rss_mib "$pid"); th=$(threads "$pid"); frss=$(peak_rss_mib "$fpid")
  now=$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status")
  kill -TERM "$pid" "$fpid"; wait "$pid" "$fpid" 2>/dev/null || true
  printf "small job, 100 hosts x 1 echo/s: first record %s\n" "$first"
  printf "  connmonitor: CPU %.2f%% of a core, peak RSS %d MiB (%d at the end), %d threads;  fping -l -p 1000: CPU %.2f%%, %d MiB;  ratio %.2f\n" \
    "$(echo "($t1 - $t0) / $seconds" | bc -l)" "$rss" "$now" "$th" "$(echo "($f1 - $f0) / $seconds" | bc -l)" "$frss" \
    "$(echo "($t1 - $t0) / ($f1 - $f0 + 0.0001)" | bc -l)"
}
