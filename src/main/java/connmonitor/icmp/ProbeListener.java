package connmonitor.icmp;

import java.net.InetAddress;

/**
 * Receives the fate of each packet of a {@link ProbeRequest}, on the engine thread: exactly one
 * call per packet index. Implementations must be quick and must not block.
 */
public interface ProbeListener {

    /** The destination answered this request with a valid echo reply. */
    void onEchoReply(int index, long rttNanos);

    /** A router or the destination answered with time-exceeded or unreachable. */
    void onIcmpError(int index, long rttNanos, InetAddress from, IcmpError error);

    /** Nothing valid came back within the request's timeout. */
    void onNoReply(int index);

    /** The packet could not be sent at all (e.g. no route); {@code reason} is the system's message. */
    void onSendFailed(int index, String reason);
}
