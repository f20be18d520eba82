package connmonitor.config;

import java.util.Locale;

/**
 * {@code proto=}: what a host's pings and traces send. ICMP echo is 4.1.3's and the default; UDP and
 * TCP go to {@code port=}, or to the port their users expect when it is not given.
 */
public enum Protocol {
    ICMP(0),
    /** 33434: traceroute's first port, where almost nothing listens, so the host answers port unreachable. */
    UDP(33_434),
    /** 80, as traceroute -T, tcptraceroute and tcpping. */
    TCP(80);

    /** The destination port when the line gives none. */
    public final int defaultPort;

    Protocol(int defaultPort) {
        this.defaultPort = defaultPort;
    }

    /** As the config writes it: icmp, udp, tcp. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
