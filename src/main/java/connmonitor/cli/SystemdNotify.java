package connmonitor.cli;

import connmonitor.icmp.UnixDatagram;
import connmonitor.output.Log;

/**
 * The sd_notify(3) protocol: tells systemd (when it asked, through $NOTIFY_SOCKET) that the monitor is
 * ready, i.e. its signal handlers are in place, and when it is stopping. With Type=notify, systemctl
 * start returns only then, fails when the config is bad, and a reload can never reach the JVM before
 * it handles SIGHUP (whose default action would end it).
 */
final class SystemdNotify {

    private final String socket;
    private final Log log;

    private SystemdNotify(String socket, Log log) {
        this.socket = socket;
        this.log = log;
    }

    /** From $NOTIFY_SOCKET; when it is unset (not started by systemd with Type=notify) every call is a no-op. */
    static SystemdNotify fromEnvironment(Log log) {
        return to(System.getenv("NOTIFY_SOCKET"), log);
    }

    /** To a socket given as NOTIFY_SOCKET gives it: a path, or "@name" in the abstract namespace; null for none. */
    static SystemdNotify to(String socket, Log log) {
        return new SystemdNotify(socket, log);
    }

    void ready() {
        send("READY=1");
    }

    void stopping() {
        send("STOPPING=1");
    }

    /** One datagram; a failure is a warning (systemd then times the start out), never the end of the monitor. */
    private void send(String state) {
        if (socket == null || socket.isEmpty()) {
            return;
        }
        if (!UnixDatagram.isSocketPath(socket)) {
            log.warn("cannot tell systemd " + state + ": NOTIFY_SOCKET '" + socket + "' is not a socket path");
            return;
        }
        UnixDatagram.send(socket, state)
                .ifPresent(reason -> log.warn("cannot tell systemd " + state + " through '" + socket + "': " + reason));
    }
}
