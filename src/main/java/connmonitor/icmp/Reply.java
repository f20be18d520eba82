package connmonitor.icmp;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * One received ICMP packet, parsed in place: which request it answers and what it says. The engine
 * reuses a single instance for every packet, so receiving allocates nothing.
 */
final class Reply {

    enum Kind { IGNORED, ECHO_REPLY, ERROR }

    Kind kind;
    int identifier;
    int sequence;
    int type;
    /** Who sent this packet (IPv4 in the low 32 bits of {@code senderLow}). */
    long senderHigh;
    long senderLow;
    /** The destination of the request it answers: the sender for echo replies, the quoted one for errors. */
    long targetHigh;
    long targetLow;
    /** The echo payload, or the quoted part of the original request's payload for errors. */
    long payloadOffset;
    int payloadLength;

    int code;
    /**
     * What the answered packet was: an echo request, or (proto=udp|tcp) a datagram or SYN, whose ports
     * and key (the SYN's sequence, the datagram's checksum) were read into the fields below.
     */
    Transport transport = Transport.ICMP;
    /** Our side's port, and the destination's. */
    int sourcePort;
    int port;
    int key;
    /** The quoted UDP header's length field. */
    int udpLength;

    void ignore() {
        kind = Kind.IGNORED;
        transport = Transport.ICMP;
    }

    /** Who sent the packet, as an address object: made only for ICMP errors, which name a router. */
    InetAddress sender(Family family) {
        byte[] bytes;
        if (family == Family.V4) {
            int v = (int) senderLow;
            bytes = new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
        } else {
            bytes = new byte[16];
            for (int i = 0; i < 8; i++) {
                bytes[i] = (byte) (senderHigh >>> (56 - 8 * i));
                bytes[i + 8] = (byte) (senderLow >>> (56 - 8 * i));
            }
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
