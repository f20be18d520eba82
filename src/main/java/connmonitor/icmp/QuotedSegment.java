package connmonitor.icmp;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Reads the UDP or TCP header an ICMP error quotes (proto=udp|tcp probes), and the TCP segments a
 * host answers a SYN with, into the engine's one {@link Reply}. Routers quote at least the first 8
 * bytes of the transport header (RFC 792): the ports, and the UDP length and checksum or the TCP
 * sequence, which is all matching needs. Nothing is allocated.
 */
final class QuotedSegment {

    private static final ValueLayout.OfShort WORD = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private QuotedSegment() {
    }

    /** The quoted header at {@code quoted} (at least 8 bytes there); leaves the reply ignored unless UDP or TCP. */
    static void read(int protocol, MemorySegment data, int quoted, int length, Reply reply) {
        if (protocol == Libc.IPPROTO_UDP) {
            reply.transport = Transport.UDP;
            reply.udpLength = data.get(WORD, quoted + 4) & 0xffff;
            reply.key = data.get(WORD, quoted + 6) & 0xffff;
        } else if (protocol == Libc.IPPROTO_TCP) {
            reply.transport = Transport.TCP;
            reply.key = data.get(INT, quoted + 4);
        } else {
            return;
        }
        reply.kind = Reply.Kind.ERROR;
        reply.sourcePort = data.get(WORD, quoted) & 0xffff;
        reply.port = data.get(WORD, quoted + 2) & 0xffff;
        reply.payloadOffset = quoted + 8;
        reply.payloadLength = length - quoted - 8;
    }

    /**
     * A TCP segment received on a raw TCP socket: counts only when it is a SYN-ACK or an RST that
     * acknowledges a SYN.
     *
     * @param withIpHeader IPv4 raw sockets deliver the IP header; IPv6 ones do not (the kernel verifies
     *                     the checksum first, IPV6_CHECKSUM being set)
     */
    static void readAnswer(Family family, boolean withIpHeader, MemorySegment data, int length, MemorySegment name,
                           Reply reply) {
        reply.ignore();
        int tcp = 0;
        if (withIpHeader) {
            if (length < 20) {
                return;
            }
            tcp = (data.get(ValueLayout.JAVA_BYTE, 0) & 0x0f) * 4;
            if (tcp < 20 || length < tcp + 20) {
                return;
            }
            reply.senderHigh = 0;
            reply.senderLow = data.get(INT, 12) & 0xffffffffL;
            // No checksum test here: segments a local or veth peer's kernel made reach raw sockets with
            // the checksum still to be filled in (CHECKSUM_PARTIAL). The 32-bit sequence acknowledged,
            // the ports and the address must all be the probe's, which a damaged segment will not be.
        } else {
            if (length < 20) {
                return;
            }
            reply.senderHigh = family == Family.V6 ? name.get(LONG, 8) : 0;
            reply.senderLow = family == Family.V6 ? name.get(LONG, 16) : name.get(INT, 4) & 0xffffffffL;
        }
        int flags = data.get(ValueLayout.JAVA_BYTE, tcp + 13) & 0x3f;
        boolean synAck = (flags & (SegmentWriter.SYN | SegmentWriter.ACK | SegmentWriter.RST))
                == (SegmentWriter.SYN | SegmentWriter.ACK);
        boolean reset = (flags & (SegmentWriter.RST | SegmentWriter.ACK)) == (SegmentWriter.RST | SegmentWriter.ACK);
        if (!synAck && !reset) {
            return;
        }
        reply.kind = Reply.Kind.ECHO_REPLY;
        reply.transport = Transport.TCP;
        reply.type = flags;
        reply.port = data.get(WORD, tcp) & 0xffff;
        reply.sourcePort = data.get(WORD, tcp + 2) & 0xffff;
        reply.key = data.get(INT, tcp + 8) - 1; // SYN-ACK and RST both acknowledge our sequence + 1
        reply.targetHigh = reply.senderHigh;
        reply.targetLow = reply.senderLow;
        reply.payloadLength = 0;
    }
}
