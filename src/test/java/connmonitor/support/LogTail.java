package connmonitor.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Follows a log file another process appends to, as {@code tail -f} does: whole lines only, in order. */
public final class LogTail {

    private final Path file;
    private long offset;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private final List<String> unread = new ArrayList<>();

    public LogTail(Path file) {
        this.file = file;
    }

    /** Skips lines until one matches and returns it; fails the test when none comes in time. */
    public String await(Predicate<String> wanted, Duration limit) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            readNew();
            while (!unread.isEmpty()) {
                String line = unread.removeFirst();
                if (wanted.test(line)) {
                    return line;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no matching line in " + file + " within " + limit);
            }
            Thread.sleep(50);
        }
    }

    /**
     * Reads lines until each predicate has matched one, whatever their order, and returns the first match
     * of each, in the order of the predicates; fails the test when some never match in time.
     */
    public List<String> awaitEach(List<Predicate<String>> wanted, Duration limit)
            throws IOException, InterruptedException {
        String[] found = new String[wanted.size()];
        long deadline = System.nanoTime() + limit.toNanos();
        int missing = wanted.size();
        while (missing > 0) {
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            String line = await(candidate -> true, left);
            for (int i = 0; i < found.length; i++) {
                if (found[i] == null && wanted.get(i).test(line)) {
                    found[i] = line;
                    missing--;
                }
            }
        }
        return List.of(found);
    }

    /** Every whole line appended and not yet read, without waiting. */
    public List<String> drain() throws IOException {
        readNew();
        List<String> lines = List.copyOf(unread);
        unread.clear();
        return lines;
    }

    /** Bytes after the last newline: a record cut in the middle, if any. */
    public String unfinished() throws IOException {
        readNew();
        return partial.toString(StandardCharsets.UTF_8);
    }

    private void readNew() throws IOException {
        byte[] bytes;
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            if (in.length() <= offset) {
                return;
            }
            bytes = new byte[(int) (in.length() - offset)];
            in.seek(offset);
            in.readFully(bytes);
            offset += bytes.length;
        }
        for (byte b : bytes) {
            if (b == '\n') {
                unread.add(partial.toString(StandardCharsets.UTF_8));
                partial.reset();
            } else {
                partial.write(b);
            }
        }
    }
}
