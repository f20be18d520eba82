package connmonitor.icmp;

import java.net.InetAddress;
import java.util.function.Consumer;

/**
 * Tells a request's listener what became of a packet. A listener that throws is reported as a fault
 * of the program and the engine carries on: one bad listener must not stop the monitoring of every
 * other host.
 */
final class ListenerCalls {

    private final Consumer<Throwable> faults;

    ListenerCalls(Consumer<Throwable> faults) {
        this.faults = faults;
    }

    void echoReply(ProbeListener listener, int index, long rttNanos) {
        try {
            listener.onEchoReply(index, rttNanos);
        } catch (RuntimeException fault) {
            report(fault);
        }
    }

    void icmpError(ProbeListener listener, int index, long rttNanos, InetAddress from, IcmpError error) {
        try {
            listener.onIcmpError(index, rttNanos, from, error);
        } catch (RuntimeException fault) {
            report(fault);
        }
    }

    void noReply(ProbeListener listener, int index) {
        try {
            listener.onNoReply(index);
        } catch (RuntimeException fault) {
            report(fault);
        }
    }

    void sendFailed(ProbeListener listener, int index, String reason) {
        try {
            listener.onSendFailed(index, reason);
        } catch (RuntimeException fault) {
            report(fault);
        }
    }

    void report(Throwable fault) {
        try {
            faults.accept(fault);
        } catch (RuntimeException ignored) {
            // the reporter itself failed; the engine goes on regardless
        }
    }
}
