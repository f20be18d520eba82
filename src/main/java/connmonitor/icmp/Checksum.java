package connmonitor.icmp;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/** The Internet checksum (RFC 1071): one's-complement sum of 16-bit big-endian words. */
final class Checksum {

    private static final ValueLayout.OfShort WORD = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private Checksum() {
    }

    /** The folded one's-complement sum of {@code length} bytes from {@code offset} (not yet inverted). */
    static int sum(MemorySegment data, long offset, int length) {
        long sum = 0;
        int i = 0;
        for (; i + 1 < length; i += 2) {
            sum += data.get(WORD, offset + i) & 0xffff;
        }
        if (i < length) {
            sum += (data.get(ValueLayout.JAVA_BYTE, offset + i) & 0xff) << 8;
        }
        return fold(sum);
    }

    static int fold(long sum) {
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) sum;
    }

    /** The checksum field value for data whose sum (with the field zeroed) is {@code sum}. */
    static int complement(int sum) {
        return ~sum & 0xffff;
    }

    /** True when data including its checksum field sums to all ones, i.e. the checksum is right. */
    static boolean valid(MemorySegment data, long offset, int length) {
        return sum(data, offset, length) == 0xffff;
    }
}
