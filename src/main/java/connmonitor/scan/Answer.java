package connmonitor.scan;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * What a service said, read with a hard size limit.
 *
 * @param bytes          everything read, at most the limit
 * @param firstByteNanos {@link System#nanoTime()} when the first byte arrived, or -1 when none did
 * @param ended          whether the peer closed the stream (so a last line without newline is whole)
 */
record Answer(byte[] bytes, long firstByteNanos, boolean ended) {

    /** Tells whether the bytes read so far already hold all the probe needs. */
    @FunctionalInterface
    interface Completion {
        boolean complete(byte[] buffer, int length);
    }

    boolean empty() {
        return bytes.length == 0;
    }

    /**
     * Reads until the answer is complete, the peer closes, {@code limit} bytes are in or the stream
     * fails (deadline passed, reset, closed by the watchdog). A failure is just the end of the
     * answer: what arrived before it still counts.
     */
    static Answer read(InputStream in, int limit, Completion completion) {
        byte[] buffer = new byte[limit];
        int length = 0;
        long firstByte = -1;
        boolean ended = false;
        try {
            while (length < limit && !completion.complete(buffer, length)) {
                int n = in.read(buffer, length, limit - length);
                if (n < 0) {
                    ended = true;
                    break;
                }
                if (n > 0 && firstByte < 0) {
                    firstByte = System.nanoTime();
                }
                length += n;
            }
        } catch (IOException endOfAnswer) {
            // timeout, reset or read limit: keep what came
        }
        return new Answer(Arrays.copyOf(buffer, length), firstByte, ended);
    }
}
