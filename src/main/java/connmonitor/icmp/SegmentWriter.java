package connmonitor.icmp;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Writes the TCP SYNs and UDP datagrams of {@code proto=tcp|udp} probes, transport header first (the
 * kernel adds the IP header), checksums included: the sockets are raw, and the UDP checksum is how a
 * quoted datagram names its slot. Nothing is allocated.
 * <p>
 * A SYN carries the slot and a nonce in its sequence number, which the SYN-ACK or RST acknowledges and
 * every ICMP error quotes. A UDP datagram carries Paris traceroute's trick: two balance bytes at the start
 * of its payload make its checksum whatever the engine chose (its UDP id), so every probe of a flow keeps
 * the same five-tuple and still says which one it is. Then an 8-byte nonce and 4.x's text, like echo.
 */
final class SegmentWriter {

    static final int TCP_HEADER = 24;
    static final int UDP_HEADER = 8;
    /** The largest UDP payload IPv4 can carry. */
    static final int MAX_PAYLOAD = 65_507;
    /** Balance, then the nonce: a UDP probe carries at least this much payload. */
    static final int MIN_UDP_PAYLOAD = EchoRequest.FILL_OFFSET;
    static final int NONCE_BITS = 14;
    static final int SYN = 0x02;
    static final int RST = 0x04;
    static final int ACK = 0x10;

    private static final ValueLayout.OfShort WORD = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private SegmentWriter() {
    }

    static int udpPayload(int requested) {
        return Math.max(MIN_UDP_PAYLOAD, requested);
    }

    /** The sequence number of a SYN from this slot: the slot above the nonce's low bits. */
    static int sequence(int slot, long nonce) {
        return (slot << NONCE_BITS) | (int) (nonce & ((1 << NONCE_BITS) - 1));
    }

    static int slotOfSequence(int sequence) {
        return sequence >>> NONCE_BITS;
    }

    /** A SYN with an MSS option (as a real client sends it) at offset 0; returns its length. */
    static int writeSyn(MemorySegment packet, Family family, long sourceHigh, long sourceLow, long targetHigh,
                        long targetLow, int sourcePort, int port, int sequence) {
        packet.set(WORD, 0, (short) sourcePort);
        packet.set(WORD, 2, (short) port);
        packet.set(INT, 4, sequence);
        packet.set(INT, 8, 0);
        packet.set(WORD, 12, (short) (((TCP_HEADER / 4) << 12) | SYN));
        packet.set(WORD, 14, (short) 64_240);
        packet.set(WORD, 16, (short) 0);
        packet.set(WORD, 18, (short) 0);
        packet.set(INT, 20, 0x020405b4); // MSS 1460
        int sum = Checksum.fold((long) pseudoHeaderSum(family, sourceHigh, sourceLow, targetHigh, targetLow,
                Libc.IPPROTO_TCP, TCP_HEADER) + Checksum.sum(packet, 0, TCP_HEADER));
        packet.set(WORD, 16, (short) Checksum.complement(sum));
        return TCP_HEADER;
    }

    /**
     * A UDP datagram whose checksum is {@code udpId} (1..0xfffe) at offset 0; returns its length.
     *
     * @param payloadLength from {@link #udpPayload}
     */
    static int writeDatagram(MemorySegment packet, Family family, long sourceHigh, long sourceLow, long targetHigh,
                             long targetLow, int sourcePort, int port, int payloadLength, long nonce, int udpId) {
        int length = UDP_HEADER + payloadLength;
        packet.set(WORD, 0, (short) sourcePort);
        packet.set(WORD, 2, (short) port);
        packet.set(WORD, 4, (short) length);
        packet.set(WORD, 6, (short) 0);
        packet.set(WORD, UDP_HEADER, (short) 0);
        for (int i = 0; i < EchoRequest.NONCE_BYTES; i++) {
            packet.set(ValueLayout.JAVA_BYTE, UDP_HEADER + EchoRequest.NONCE_OFFSET + i, (byte) (nonce >>> (56 - 8 * i)));
        }
        if (payloadLength > EchoRequest.FILL_OFFSET) {
            MemorySegment.copy(EchoRequest.FILL, EchoRequest.FILL_OFFSET, packet, UDP_HEADER + EchoRequest.FILL_OFFSET,
                    payloadLength - EchoRequest.FILL_OFFSET);
        }
        int sum = Checksum.fold((long) pseudoHeaderSum(family, sourceHigh, sourceLow, targetHigh, targetLow,
                Libc.IPPROTO_UDP, length) + Checksum.sum(packet, 0, length));
        // the checksum field is ~(sum + balance): choose the balance that makes it udpId
        int wanted = ~udpId & 0xffff;
        int balance = Checksum.fold((long) wanted + (~sum & 0xffff));
        packet.set(WORD, UDP_HEADER, (short) balance);
        packet.set(WORD, 6, (short) udpId);
        return length;
    }

    /** The one's-complement sum of the IPv4 or IPv6 pseudo-header (addresses as big-endian longs). */
    static int pseudoHeaderSum(Family family, long sourceHigh, long sourceLow, long targetHigh, long targetLow,
                               int protocol, int length) {
        long sum = words(sourceLow) + words(targetLow) + protocol + (length & 0xffff) + (length >>> 16);
        if (family == Family.V6) {
            sum += words(sourceHigh) + words(targetHigh);
        }
        return Checksum.fold(sum);
    }

    private static long words(long value) {
        return (value & 0xffff) + ((value >>> 16) & 0xffff) + ((value >>> 32) & 0xffff) + ((value >>> 48) & 0xffff);
    }
}
