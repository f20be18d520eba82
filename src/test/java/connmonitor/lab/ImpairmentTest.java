package connmonitor.lab;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.SplittableRandom;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The impairment values and the corruption of a packet (no root needed). */
class ImpairmentTest {

    @Test
    void sameNamedMethodsChangeOneValueEach() {
        Impairment i = Impairment.none().delay(Duration.ofMillis(10)).jitter(Duration.ofMillis(1))
                .loss(30).duplicate(5).reorder(25).corrupt(1);
        assertThat(i).isEqualTo(new Impairment(Duration.ofMillis(10), Duration.ofMillis(1), 30, 5, 25, 1));
        assertThat(Link.emulated().delay(Duration.ofMillis(3)).loss(2).aToB())
                .isEqualTo(Impairment.none().delay(Duration.ofMillis(3)).loss(2));
    }

    @Test
    void outOfRangeValuesAreRefused() {
        assertThatThrownBy(() -> Impairment.none().loss(101)).hasMessageContaining("loss must be a percentage");
        assertThatThrownBy(() -> Impairment.none().duplicate(-1)).hasMessageContaining("duplicate");
        assertThatThrownBy(() -> Impairment.none().corrupt(Double.NaN)).hasMessageContaining("corrupt");
        assertThatThrownBy(() -> Impairment.none().delay(Duration.ofMillis(-1))).hasMessageContaining("delay");
    }

    @Test
    void corruptionBreaksTheIcmpChecksumButKeepsTheIpHeaderAndTheEchoHeader() {
        SplittableRandom random = new SplittableRandom(42);
        try (Arena arena = Arena.ofConfined()) {
            for (int trial = 0; trial < 1000; trial++) {
                byte[] packet = echoRequest(random);
                MemorySegment segment = arena.allocateFrom(JAVA_BYTE, packet);
                assertThat(Corruption.flipPayloadByte(segment, packet.length, random)).isTrue();
                byte[] damaged = segment.toArray(JAVA_BYTE);
                assertThat(java.util.Arrays.copyOf(damaged, 28)).isEqualTo(java.util.Arrays.copyOf(packet, 28));
                assertThat(damaged).isNotEqualTo(packet);
                assertThat(checksum(damaged, 20, damaged.length)).isNotZero();
            }
        }
    }

    @Test
    void aPacketWithNothingAfterItsIpHeaderIsLeftAlone() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment header = arena.allocate(20);
            header.set(JAVA_BYTE, 0, (byte) 0x45);
            assertThat(Corruption.flipPayloadByte(header, 20, new SplittableRandom(1))).isFalse();
        }
    }

    /** An IPv4 header (20 bytes) and an ICMP echo request with a valid checksum and a random payload. */
    private static byte[] echoRequest(SplittableRandom random) {
        byte[] packet = new byte[20 + 8 + 56];
        packet[0] = 0x45;
        packet[20] = 8;
        random.nextBytes(packet);
        packet[0] = 0x45;
        packet[20] = 8;
        packet[21] = 0;
        packet[22] = 0;
        packet[23] = 0;
        int sum = checksum(packet, 20, packet.length);
        packet[22] = (byte) (sum >> 8);
        packet[23] = (byte) sum;
        assertThat(checksum(packet, 20, packet.length)).isZero();
        return packet;
    }

    /** The Internet checksum of bytes [from, to): 0 when the data carries a correct checksum. */
    private static int checksum(byte[] data, int from, int to) {
        long sum = 0;
        for (int i = from; i < to; i += 2) {
            int high = data[i] & 0xff;
            int low = i + 1 < to ? data[i + 1] & 0xff : 0;
            sum += (high << 8) | low;
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (int) (~sum & 0xffff);
    }
}
