package connmonitor.scan;

import java.io.Closeable;
import java.io.IOException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The last resort against a peer that holds a probe past its deadline in a way no socket timeout
 * covers (a write into a full window, a TLS handshake fed a byte at a time): closes the socket,
 * which ends any blocked call on it. One platform thread serves every scan of the process.
 */
final class Watchdog {

    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private Watchdog() {
    }

    /** Closes the resource after the delay unless the returned future is cancelled first. */
    static ScheduledFuture<?> closeLater(Closeable resource, long delayNanos) {
        return TIMER.schedule(() -> closeQuietly(resource), delayNanos, TimeUnit.NANOSECONDS);
    }

    static void closeQuietly(Closeable resource) {
        try {
            resource.close();
        } catch (IOException ignored) {
            // closing only frees the probe; a failure to say goodbye changes no result
        }
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "connmonitor-scan-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true); // finished probes leave nothing queued behind
        return timer;
    }
}
