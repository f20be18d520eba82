package connmonitor.icmp;

import connmonitor.support.Netns;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * An engine started inside a network namespace of its own, with a thread there for whatever else must
 * run inside (a forger's sockets): the machine's loopback is shared, and another program's packets on it
 * must not reach a test. Closing it closes the engine, the thread and the namespace.
 */
final class EngineInNamespace implements AutoCloseable {

    final Netns netns;
    final IcmpEngine engine;
    private final ExecutorService thread;

    private EngineInNamespace(Netns netns, ExecutorService thread, IcmpEngine engine) {
        this.netns = netns;
        this.thread = thread;
        this.engine = engine;
    }

    /** Starts an engine in the namespace (set up as the test needs), which it then owns. */
    static EngineInNamespace in(Netns netns) throws Exception {
        ExecutorService thread = TestNatives.threadIn(netns.name());
        try {
            IcmpEngine engine = thread.submit(() -> IcmpEngine.start(true, Throwable::printStackTrace))
                    .get(20, TimeUnit.SECONDS);
            return new EngineInNamespace(netns, thread, engine);
        } catch (Exception failed) {
            thread.shutdownNow();
            netns.close();
            throw failed;
        }
    }

    /** Runs a task on the thread inside the namespace and returns its result. */
    <T> T call(Callable<T> task) throws Exception {
        return thread.submit(task).get(20, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        engine.close();
        thread.shutdownNow();
        netns.close();
    }
}
