package connmonitor.cli;

import connmonitor.config.Target;
import connmonitor.icmp.ProbeEngine;
import connmonitor.icmp.SocketMode;
import connmonitor.output.Log;
import java.util.List;

/** What the ICMP sockets allow, said once at start. */
final class SocketCheck {

    private SocketCheck() {
    }

    /**
     * Says once, at start, what the sockets allow: a warning when only ping sockets could be had
     * (no traces), and a fatal error when the hosts need ICMP and no socket at all could be opened.
     */
    static boolean usable(ProbeEngine engine, List<Target> targets, Log log) {
        boolean needsIcmp = targets.stream().anyMatch(t -> t.options().pings() || t.options().traces()
                || t.options().pathsMillis() > 0);
        boolean v4 = engine.mode(false) != SocketMode.UNAVAILABLE;
        boolean v6 = engine.mode(true) != SocketMode.UNAVAILABLE;
        if (needsIcmp && !v4 && !v6) {
            log.error("PermissionError", "no ICMP socket could be opened: " + engine.unavailableReason(false));
            return false;
        }
        if (engine.mode(false) == SocketMode.DATAGRAM || engine.mode(true) == SocketMode.DATAGRAM) {
            boolean tracing = targets.stream().anyMatch(t -> t.options().traces() || t.options().pathsMillis() > 0);
            log.warn("raw ICMP sockets are not permitted (needs root or CAP_NET_RAW); pinging through unprivileged "
                    + "ICMP sockets" + (tracing ? ", traces are not possible" : ""));
        }
        return true;
    }
}
