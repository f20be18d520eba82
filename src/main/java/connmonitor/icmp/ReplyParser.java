package connmonitor.icmp;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Reads received ICMP/ICMPv6 packets into a {@link Reply}: echo replies, and time-exceeded or
 * unreachable errors that quote one of our echo requests. Anything malformed, truncated or with a bad
 * checksum is ignored, never trusted.
 */
final class ReplyParser {

    private static final ValueLayout.OfShort WORD = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final int IPV6_HEADER = 40;

    private ReplyParser() {
    }

    /**
     * @param withIpHeader true for IPv4 raw sockets, which deliver the IP header too
     * @param name         the sender's sockaddr (used when the IP header is not delivered)
     */
    static void parse(Family family, boolean withIpHeader, MemorySegment data, int length, MemorySegment name,
                      Reply reply) {
        reply.ignore();
        if (family == Family.V4) {
            parseV4(withIpHeader, data, length, name, reply);
        } else {
            parseV6(data, length, name, reply);
        }
    }

    private static void parseV4(boolean withIpHeader, MemorySegment data, int length, MemorySegment name, Reply reply) {
        int icmp = 0;
        if (withIpHeader) {
            if (length < 20) {
                return;
            }
            icmp = (byte0(data, 0) & 0x0f) * 4;
            if (icmp < 20 || length < icmp + 8) {
                return;
            }
            reply.senderLow = data.get(INT, 12) & 0xffffffffL;
            // the kernel checks checksums for ping sockets, never for raw ones
            if (!Checksum.valid(data, icmp, length - icmp)) {
                return;
            }
        } else {
            if (length < 8) {
                return;
            }
            reply.senderLow = name.get(INT, 4) & 0xffffffffL;
        }
        reply.senderHigh = 0;
        int type = byte0(data, icmp);
        reply.type = type;
        if (type == Family.V4.echoReply) {
            fill(data, icmp, length, Reply.Kind.ECHO_REPLY, reply);
            reply.targetHigh = 0;
            reply.targetLow = reply.senderLow;
        } else if (type == Family.V4.timeExceeded || type == Family.V4.unreachable) {
            int inner = icmp + 8;
            if (length < inner + 20) {
                return;
            }
            int innerHeader = (byte0(data, inner) & 0x0f) * 4;
            int quoted = inner + innerHeader;
            int protocol = byte0(data, inner + 9);
            if (innerHeader < 20 || length < quoted + 8) {
                return;
            }
            reply.targetHigh = 0;
            reply.targetLow = data.get(INT, inner + 16) & 0xffffffffL;
            reply.code = byte0(data, icmp + 1);
            if (protocol == Libc.IPPROTO_ICMP && byte0(data, quoted) == Family.V4.echoRequest) {
                fill(data, quoted, length, Reply.Kind.ERROR, reply);
            } else {
                QuotedSegment.read(protocol, data, quoted, length, reply);
            }
        }
    }

    private static void parseV6(MemorySegment data, int length, MemorySegment name, Reply reply) {
        // the kernel verifies ICMPv6 checksums (pseudo-header included) before any socket sees the packet
        if (length < 8) {
            return;
        }
        reply.senderHigh = name.get(LONG, 8);
        reply.senderLow = name.get(LONG, 16);
        int type = byte0(data, 0);
        reply.type = type;
        if (type == Family.V6.echoReply) {
            fill(data, 0, length, Reply.Kind.ECHO_REPLY, reply);
            reply.targetHigh = reply.senderHigh;
            reply.targetLow = reply.senderLow;
        } else if (type == Family.V6.timeExceeded || type == Family.V6.unreachable) {
            int inner = 8;
            int quoted = inner + IPV6_HEADER;
            int protocol = byte0(data, inner + 6);
            if (length < quoted + 8) {
                return;
            }
            reply.targetHigh = data.get(LONG, inner + 24);
            reply.targetLow = data.get(LONG, inner + 32);
            reply.code = byte0(data, 1);
            if (protocol == Libc.IPPROTO_ICMPV6 && byte0(data, quoted) == Family.V6.echoRequest) {
                fill(data, quoted, length, Reply.Kind.ERROR, reply);
            } else {
                QuotedSegment.read(protocol, data, quoted, length, reply);
            }
        }
    }

    /** Identifier, sequence and payload of the echo header at {@code header} (ours, or quoted in an error). */
    private static void fill(MemorySegment data, int header, int length, Reply.Kind kind, Reply reply) {
        reply.kind = kind;
        reply.identifier = data.get(WORD, header + 4) & 0xffff;
        reply.sequence = data.get(WORD, header + 6) & 0xffff;
        reply.payloadOffset = header + 8;
        reply.payloadLength = length - header - 8;
    }

    private static int byte0(MemorySegment data, long offset) {
        return data.get(ValueLayout.JAVA_BYTE, offset) & 0xff;
    }
}
