package connmonitor.icmp;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Writes echo requests and knows their payload: 2 balance bytes, an 8-byte nonce unique to each
 * request (cut short for tiny payloads), then a fixed text. A reply counts only if it carries the
 * same nonce and text back, so late, duplicated, foreign or corrupted packets are recognised.
 */
final class EchoRequest {

    static final int HEADER = 8;
    static final int BALANCE_OFFSET = 0;
    static final int NONCE_OFFSET = 2;
    static final int NONCE_BYTES = 8;
    static final int FILL_OFFSET = NONCE_OFFSET + NONCE_BYTES;
    static final int MAX_PAYLOAD = 65_527;

    /** connmonitor 4.x sent this 41-byte text; keeping it makes captures recognisable. */
    private static final byte[] TEXT = "The very model of a modern Major General.".getBytes(StandardCharsets.US_ASCII);
    private static final ValueLayout.OfShort WORD = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    /** The payload bytes every request carries after the nonce, indexed by payload offset. */
    static final MemorySegment FILL = fill();

    private EchoRequest() {
    }

    private static MemorySegment fill() {
        MemorySegment fill = Arena.global().allocate(MAX_PAYLOAD);
        for (int i = 0; i < MAX_PAYLOAD; i++) {
            fill.set(ValueLayout.JAVA_BYTE, i, TEXT[i % TEXT.length]);
        }
        return fill;
    }

    /**
     * Writes a complete echo request at offset 0 of {@code packet} and returns its length.
     *
     * @param balanceTo when >= 0, the balance bytes are set so that the message's one's-complement
     *                  sum is this value: every probe of a trace then has the same checksum, so per-flow
     *                  load balancers hashing the first bytes of the ICMP header keep them on one path
     *                  (Paris traceroute). -1 leaves them zero.
     * @param checksum  whether to fill in the checksum (IPv4 raw); the kernel does it for ICMPv6 and
     *                  for ping sockets
     */
    static int write(MemorySegment packet, Family family, int identifier, int sequence, int payloadLength,
                     long nonce, int balanceTo, boolean checksum) {
        // Few accesses, each as wide as it can be: the JIT inlines some thirty methods of the FFM API for
        // every one, and C1 took 8.3 MB of memory to compile this method with ten (issue 19, RSS).
        // Type, code 0, checksum 0 (filled in below), identifier and sequence in one write.
        packet.set(LONG, 0, (family.echoRequest & 0xffL) << 56 | (identifier & 0xffffL) << 16 | (sequence & 0xffffL));
        if (payloadLength >= FILL_OFFSET) {
            packet.set(WORD, HEADER + BALANCE_OFFSET, (short) 0);
            packet.set(LONG, HEADER + NONCE_OFFSET, nonce);
            MemorySegment.copy(FILL, FILL_OFFSET, packet, HEADER + FILL_OFFSET, payloadLength - FILL_OFFSET);
        } else {
            writeShortPayload(packet, payloadLength, nonce);
        }
        int length = HEADER + payloadLength;
        if (balanceTo >= 0 && payloadLength >= 2) {
            int sum = Checksum.sum(packet, 0, length);
            int balance = Checksum.fold((long) balanceTo + (~sum & 0xffff));
            packet.set(WORD, HEADER + BALANCE_OFFSET, (short) balance);
        }
        if (checksum) {
            packet.set(WORD, 2, (short) Checksum.complement(Checksum.sum(packet, 0, length)));
        }
        return length;
    }

    /** Zero balance bytes and the nonce cut short, for payloads too small for the whole nonce. */
    private static void writeShortPayload(MemorySegment packet, int payloadLength, long nonce) {
        // written by offset, not through a slice: a slice is an object per packet unless the JIT removes it
        for (int i = 0; i < Math.min(2, payloadLength); i++) {
            packet.set(ValueLayout.JAVA_BYTE, HEADER + BALANCE_OFFSET + i, (byte) 0);
        }
        int nonceBytes = nonceBytes(payloadLength);
        for (int i = 0; i < nonceBytes; i++) {
            packet.set(ValueLayout.JAVA_BYTE, HEADER + NONCE_OFFSET + i, (byte) (nonce >>> (56 - 8 * i)));
        }
    }

    static int nonceBytes(int payloadLength) {
        return Math.clamp(payloadLength - NONCE_OFFSET, 0, NONCE_BYTES);
    }

    /** Whether the payload at {@code offset} is exactly what a request with this nonce carried. */
    static boolean payloadMatches(MemorySegment data, long offset, int payloadLength, long nonce) {
        if (payloadLength < FILL_OFFSET) {
            return quotedNonceMatches(data, offset, payloadLength, nonce, payloadLength);
        }
        if (data.get(LONG, offset + NONCE_OFFSET) != nonce) { // the whole nonce in one read, as it was written
            return false;
        }
        return MemorySegment.mismatch(data, offset + FILL_OFFSET, offset + payloadLength,
                FILL, FILL_OFFSET, payloadLength) == -1;
    }

    /** Whether a quoted (possibly truncated) request carries this nonce, as far as it was quoted. */
    static boolean quotedNonceMatches(MemorySegment data, long payloadOffset, int quotedPayload, long nonce,
                                      int payloadLength) {
        int nonceBytes = Math.min(nonceBytes(payloadLength), Math.max(0, quotedPayload - NONCE_OFFSET));
        for (int i = 0; i < nonceBytes; i++) {
            if (data.get(ValueLayout.JAVA_BYTE, payloadOffset + NONCE_OFFSET + i) != (byte) (nonce >>> (56 - 8 * i))) {
                return false;
            }
        }
        return true;
    }
}
