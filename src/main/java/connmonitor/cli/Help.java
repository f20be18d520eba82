package connmonitor.cli;

/** The text of {@code --help}. */
final class Help {

    static final String TEXT = """
            usage: connmonitor [input-file]          monitor the hosts of a config (stdin when no file)
                   connmonitor --check input-file [--web.config.file FILE]
                                                     validate a config (and a web config), exit 0 or 1
                   connmonitor --metrics [ADDR:]PORT [input-file]
                                                     also serve Prometheus metrics on http://ADDR:PORT/metrics
                                                     (ADDR 127.0.0.1 when omitted; IPv6 as [::1]:9469)
                     --metrics-rtt-histogram classic|native|off
                                                     per-host RTT histogram: 16 buckets (default),
                                                     native (protobuf scrapes only) or none
                   connmonitor --vantage NAME [input-file]
                                                     name this monitor: "vantage":"NAME" in JSON records,
                                                     vantage="NAME" on every connmonitor metric
                   connmonitor --engines N [input-file]
                                                     run N ICMP engines, 1 to 16 (default: one per
                                                     100,000 packets/s the config asks, one per CPU at most)
                   connmonitor --web [ADDR:]PORT [--history LOG] [input-file]
                                                     also serve a live page on http://ADDR:PORT/ (read-only):
                                                     hosts worst first, latency smoke, routes, scans; history
                                                     kept a week (--history: seed it from a JSON record log;
                                                     default: stdout's file, when it is one)
                     --web.config.file FILE          TLS and basic auth (bcrypt) for --metrics and --web,
                                                     in the Prometheus exporter toolkit's web config format
                   connmonitor report LOG... [-o report.html] [--since TIME] [--until TIME] [--host NAME]
                                     [--label NAME=VALUE] [--vantage NAME]
                                                     write an HTML report from JSON record logs
                   connmonitor -v | --version        print the version
                   connmonitor -h | --help           print this help

            Config: one host per line (IPv4, IPv6 or a name), then options name=value:
              ping=MS (500)  numpings=N (10)  payload=BYTES (41)  trace=MS (0)  hops=N (30)
              scan=MS (0)    json=BOOL (False)  timestamp=BOOL (True)
              probes=N (1) probes per hop per trace    path=MS (0) a per-hop (mtr) record every MS
              label.NAME=VALUE  a label of the host (metrics, JSON)   family=4|6   addresses=all
              resolve=MS (300000) look names up again, 0 = once per load
              source=ADDRESS  interface=NAME  tos=0..255  ttl=1..255  (ttl= is for pings)
              quantiles=BOOL (False) JSON pings also carry the quantiles of their single RTTs
              proto=icmp|udp|tcp (icmp)  port=N (udp 33434, tcp 80)  pings and traces over UDP or TCP
              paths=MS (0) every equal-cost path (multipath traceroute), printed when the set changes
            MS = milliseconds to wait between runs, 0 = off. Records go to stdout, problems to stderr.
            Signals: SIGHUP re-reads the config file; SIGTERM/SIGINT finish running measurements and exit.
            """;

    private Help() {
    }
}
