package connmonitor.scan;

import java.util.concurrent.TimeUnit;

/** Stopping the servers a test started, even when the test thread is being interrupted. */
final class Processes {

    private Processes() {
    }

    /** Waits for a process told to stop; kills it when it takes longer than {@code seconds}. */
    static void awaitOrKill(Process process, long seconds) {
        try {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException interrupted) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
