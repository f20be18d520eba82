package connmonitor.icmp;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The echo request is written with a few wide accesses (fewer JIT compiles' worth of FFM code); its bytes
 * must stay those of the byte-by-byte layout: type, code, checksum, identifier, sequence, two balance
 * bytes, the nonce big-endian (cut short for tiny payloads), then the text.
 */
class EchoRequestTest {

    private static final byte[] TEXT = "The very model of a modern Major General.".getBytes(StandardCharsets.US_ASCII);
    private static final int[] PAYLOADS = {0, 1, 2, 3, 5, 9, 10, 11, 16, 41, 56, 1472};
    private static final long NONCE = 0x8172_63a4_b5c6_d7e8L;

    /** The request as RFC 792 and the payload's layout say, one byte at a time (no checksum). */
    private static byte[] expected(Family family, int identifier, int sequence, int payloadLength, long nonce) {
        byte[] packet = new byte[EchoRequest.HEADER + payloadLength];
        packet[0] = (byte) family.echoRequest;
        packet[4] = (byte) (identifier >>> 8);
        packet[5] = (byte) identifier;
        packet[6] = (byte) (sequence >>> 8);
        packet[7] = (byte) sequence;
        for (int i = 0; i < EchoRequest.nonceBytes(payloadLength); i++) {
            packet[EchoRequest.HEADER + EchoRequest.NONCE_OFFSET + i] = (byte) (nonce >>> (56 - 8 * i));
        }
        for (int i = EchoRequest.FILL_OFFSET; i < payloadLength; i++) {
            packet[EchoRequest.HEADER + i] = TEXT[i % TEXT.length];
        }
        return packet;
    }

    @Test
    void writesTheSameBytesAsTheByteByByteLayoutForEveryPayloadSize() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment packet = arena.allocate(EchoRequest.HEADER + 1472);
            for (Family family : Family.values()) {
                for (int payload : PAYLOADS) {
                    packet.fill((byte) 0x5a); // what a previous, longer packet left behind
                    int length = EchoRequest.write(packet, family, 0xfedc, 0xba98, payload, NONCE, -1, false);
                    assertThat(length).isEqualTo(EchoRequest.HEADER + payload);
                    assertThat(packet.asSlice(0, length).toArray(ValueLayout.JAVA_BYTE))
                            .as("%s, %d bytes of payload", family, payload)
                            .isEqualTo(expected(family, 0xfedc, 0xba98, payload, NONCE));
                }
            }
        }
    }

    @Test
    void checksumAndBalanceBytesStillComeOutRight() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment packet = arena.allocate(EchoRequest.HEADER + 1472);
            for (int payload : PAYLOADS) {
                int length = EchoRequest.write(packet, Family.V4, 7, 9, payload, NONCE, -1, true);
                assertThat(Checksum.valid(packet, 0, length)).as("%d bytes of payload", payload).isTrue();
                if (payload >= 2) {
                    length = EchoRequest.write(packet, Family.V4, 7, 9, payload, NONCE ^ payload, 0x1234, true);
                    assertThat(packet.get(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN), 2))
                            .as("the checksum field of a balanced request, %d bytes of payload", payload)
                            .isEqualTo((short) Checksum.complement(0x1234));
                    assertThat(Checksum.valid(packet, 0, length)).isTrue();
                }
            }
        }
    }

    @Test
    void aReplyMatchesOnlyWithItsOwnNonceAndText() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment packet = arena.allocate(EchoRequest.HEADER + 1472);
            for (int payload : PAYLOADS) {
                EchoRequest.write(packet, Family.V4, 1, 2, payload, NONCE, -1, false);
                assertThat(EchoRequest.payloadMatches(packet, EchoRequest.HEADER, payload, NONCE)).isTrue();
                for (int i = 0; i < EchoRequest.nonceBytes(payload); i++) {
                    long other = NONCE ^ (1L << (56 - 8 * i)); // one bit off in the i-th byte sent
                    assertThat(EchoRequest.payloadMatches(packet, EchoRequest.HEADER, payload, other))
                            .as("nonce byte %d wrong, %d bytes of payload", i, payload).isFalse();
                }
                if (payload > EchoRequest.FILL_OFFSET) {
                    long last = EchoRequest.HEADER + payload - 1;
                    packet.set(ValueLayout.JAVA_BYTE, last, (byte) ~packet.get(ValueLayout.JAVA_BYTE, last));
                    assertThat(EchoRequest.payloadMatches(packet, EchoRequest.HEADER, payload, NONCE))
                            .as("last text byte changed, %d bytes of payload", payload).isFalse();
                }
            }
        }
    }
}
