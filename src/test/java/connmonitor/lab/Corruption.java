package connmonitor.lab;

import java.lang.foreign.MemorySegment;
import java.util.random.RandomGenerator;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * Damages a packet the way a bad wire would, but so that it still reaches the receiver's transport
 * layer: the IP header is left intact and one byte after it is changed, which always breaks the
 * ones'-complement checksum of ICMP, ICMPv6, UDP and TCP (one changed byte moves the sum by less
 * than 0xffff). The first 8 transport bytes (type/code/checksum/id/sequence, or ports) are spared
 * when there is anything after them, so a corrupted echo reply still looks like the expected one.
 */
final class Corruption {

    private static final int SPARED_HEADER = 8;

    private Corruption() {
    }

    /** Flips one byte in place; false when the packet has no byte after its IP header. */
    static boolean flipPayloadByte(MemorySegment packet, int length, RandomGenerator random) {
        int start = ipHeaderLength(packet, length);
        if (start < 0 || start >= length) {
            return false;
        }
        if (length - start > SPARED_HEADER) {
            start += SPARED_HEADER;
        }
        long at = random.nextInt(start, length);
        byte mask = (byte) random.nextInt(1, 256);
        packet.set(JAVA_BYTE, at, (byte) (packet.get(JAVA_BYTE, at) ^ mask));
        return true;
    }

    private static int ipHeaderLength(MemorySegment packet, int length) {
        if (length < 1) {
            return -1;
        }
        int first = packet.get(JAVA_BYTE, 0) & 0xff;
        return switch (first >> 4) {
            case 4 -> (first & 0x0f) * 4;
            case 6 -> 40;
            default -> -1;
        };
    }
}
