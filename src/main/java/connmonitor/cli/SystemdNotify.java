package connmonitor.cli;

import connmonitor.icmp.UnixDatagram;
import connmonitor.output.Log;

/**
 * The sd_notify(3) protocol: tells systemd (when it asked, through $NOTIFY_SOCKET) that the monitor is
 * ready, i.e. its signal handlers are in place, when it reloads and stops, what it is doing (STATUS=)
 * and that it is alive (WATCHDOG=1). With Type=notify, systemctl
 * start returns only then, fails when the config is bad, and a reload can never reach the JVM before
 * it handles SIGHUP (whose default action would end it).
 */
final class SystemdNotify {

    private final String socket;
    private final Log log;
    /** Set after a failed periodic message (STATUS, WATCHDOG): one warning, not one every few seconds. */
    private volatile boolean periodicFailed;

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

    /**
     * A reload begins; {@link #ready} ends it. MONOTONIC_USEC (CLOCK_MONOTONIC, which System.nanoTime
     * reads on Linux) lets systemd 253+ match the reload to the request that caused it.
     */
    void reloading() {
        send("RELOADING=1\nMONOTONIC_USEC=" + System.nanoTime() / 1000);
    }

    /** The one line "systemctl status" shows. */
    void status(String line) {
        sendPeriodic("STATUS=" + line.replace('\n', ' '));
    }

    /** Alive: systemd restarts the service when this does not come within WatchdogSec=. */
    void watchdog() {
        sendPeriodic("WATCHDOG=1");
    }

    /** Whether there is a service manager to tell anything (NOTIFY_SOCKET is set). */
    boolean enabled() {
        return socket != null && !socket.isEmpty();
    }

    /** One datagram; a failure is a warning (systemd then times the start out), never the end of the monitor. */
    private void send(String state) {
        if (!enabled()) {
            return;
        }
        if (!UnixDatagram.isSocketPath(socket)) {
            log.warn("cannot tell systemd " + firstLine(state) + ": NOTIFY_SOCKET '" + socket
                    + "' is not a socket path");
            return;
        }
        UnixDatagram.send(socket, state).ifPresent(reason -> log.warn("cannot tell systemd " + firstLine(state)
                + " through '" + socket + "': " + reason));
    }

    /** As {@link #send}, but a run of failures costs one warning (until a message gets through again). */
    private void sendPeriodic(String state) {
        if (!enabled()) {
            return;
        }
        if (!UnixDatagram.isSocketPath(socket)) {
            if (!periodicFailed) {
                periodicFailed = true;
                send(state);
            }
            return;
        }
        var failure = UnixDatagram.send(socket, state);
        if (failure.isPresent() && !periodicFailed) {
            log.warn("cannot tell systemd " + firstLine(state) + " through '" + socket + "': " + failure.get()
                    + " (said once until it works again)");
        }
        periodicFailed = failure.isPresent();
    }

    private static String firstLine(String state) {
        int newline = state.indexOf('\n');
        return newline < 0 ? state : state.substring(0, newline);
    }
}
