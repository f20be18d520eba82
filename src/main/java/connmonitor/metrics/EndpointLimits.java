package connmonitor.metrics;

import java.util.Map;

/**
 * Bounds for the JDK HTTP server behind the endpoint, so that slow or idle clients cannot starve
 * scrapes or exhaust the process: its defaults wait forever for a request's headers and accept any
 * number of connections. They are system properties read once, when the server's classes load, so they
 * are set before the first server starts; one given on the command line (-D) wins.
 */
final class EndpointLimits {

    /** Property, value, and why. */
    static final Map<String, String> LIMITS = Map.of(
            // a request's line and headers must arrive within 5 s (half-sent requests are dropped)
            "sun.net.httpserver.maxReqTime", "5",
            // a response must be written within 60 s (a scrape of 100,000 hosts fits; a stalled reader does not)
            "sun.net.httpserver.maxRspTime", "60",
            // idle connections, kept-alive or never used, close after 10 s, checked every second
            "sun.net.httpserver.idleInterval", "10",
            "sun.net.httpserver.clockTick", "1000",
            "sun.net.httpserver.maxIdleConnections", "64",
            // a scrape's request is one line and a few headers
            "sun.net.httpserver.maxReqHeaders", "64",
            "sun.net.httpserver.maxReqHeaderSize", "16384",
            // at most this many connections at once (each a file descriptor); more wait in the backlog
            "jdk.httpserver.maxConnections", "5000");

    private EndpointLimits() {
    }

    static void apply() {
        LIMITS.forEach((property, value) -> {
            if (System.getProperty(property) == null) {
                System.setProperty(property, value);
            }
        });
    }
}
