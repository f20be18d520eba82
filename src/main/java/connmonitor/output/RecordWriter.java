package connmonitor.output;

import connmonitor.probe.Observation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Prints records from one thread. Hosts hand observations over without waiting on each other; this
 * thread formats them and writes what has queued up in one write, records always whole, so output
 * keeps up with thousands of hosts and two records never interleave.
 */
public final class RecordWriter implements AutoCloseable {

    private static final int MAX_BATCH_BYTES = 64 * 1024;

    private final OutputStream out;
    private final Consumer<IOException> onBroken;
    private final LinkedBlockingQueue<Observation> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final Object progress = new Object();
    private final AtomicLong enqueued = new AtomicLong();
    private long written;
    private volatile boolean closing;
    private volatile boolean broken;

    /**
     * @param out      where records go (stdout), written directly: each batch is one write
     * @param onBroken called once, from the writer thread, when the output can no longer be written
     *                 (for example the reader of a pipe went away)
     */
    public RecordWriter(OutputStream out, Consumer<IOException> onBroken) {
        this.out = out;
        this.onBroken = onBroken;
        this.thread = Thread.ofPlatform().name("record-writer").daemon(true).unstarted(this::run);
        this.thread.start();
    }

    public void accept(Observation observation) {
        if (broken) {
            return;
        }
        enqueued.incrementAndGet();
        queue.add(observation);
    }

    /** Waits until every record accepted so far is written (or the output broke). */
    public void flush() throws InterruptedException {
        long target = enqueued.get();
        synchronized (progress) {
            while (written < target && !broken) {
                progress.wait(100);
            }
        }
    }

    private void run() {
        List<Observation> batch = new ArrayList<>();
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(MAX_BATCH_BYTES);
        while (!(closing && queue.isEmpty()) && !broken) {
            try {
                Observation first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, 4096);
                int taken = 0;
                for (Observation observation : batch) {
                    buffer.writeBytes(format(observation));
                    taken++;
                    if (buffer.size() >= MAX_BATCH_BYTES) {
                        write(buffer, taken);
                        taken = 0;
                    }
                }
                write(buffer, taken);
                batch.clear();
            } catch (InterruptedException stop) {
                return;
            } catch (IOException failed) {
                broken = true;
                synchronized (progress) {
                    progress.notifyAll();
                }
                onBroken.accept(failed);
            }
        }
    }

    private static byte[] format(Observation observation) {
        RecordFormat format = RecordFormat.of(observation.target().options().json());
        return format.format(observation).getBytes(StandardCharsets.UTF_8);
    }

    private void write(ByteArrayOutputStream buffer, int records) throws IOException {
        if (buffer.size() > 0) {
            buffer.writeTo(out);
            out.flush();
            buffer.reset();
        }
        synchronized (progress) {
            written += records;
            progress.notifyAll();
        }
    }

    /** Writes what is queued, then stops the writer thread. */
    @Override
    public void close() throws InterruptedException {
        flush();
        closing = true;
        thread.join(5_000);
    }
}
