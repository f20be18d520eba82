package connmonitor.scan;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A plain TCP server that treats every connection the same, well or badly. Closing it ends everything. */
final class TestPeer implements AutoCloseable {

    /** What the peer does with one accepted connection; the socket is closed when it returns. */
    @FunctionalInterface
    interface Behaviour {
        void serve(Socket client) throws IOException, InterruptedException;
    }

    private final ServerSocket listener;
    private final Behaviour behaviour;
    private final Set<Socket> clients = ConcurrentHashMap.newKeySet();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    /** What accept() threw while the peer was still open: said in failures, never swallowed. */
    private final List<String> acceptFailures = new CopyOnWriteArrayList<>();

    private TestPeer(ServerSocket listener, Behaviour behaviour) {
        this.listener = listener;
        this.behaviour = behaviour;
        threads.add(Thread.ofVirtual().name("test-peer-accept").start(this::acceptLoop));
    }

    /** Listens on the address; port 0 picks a free port. */
    static TestPeer start(InetAddress address, int port, Behaviour behaviour) throws IOException {
        ServerSocket listener = new ServerSocket();
        listener.bind(new InetSocketAddress(address, port), 1024); // hundreds of scans connect at once
        return new TestPeer(listener, behaviour);
    }

    int port() {
        return listener.getLocalPort();
    }

    int accepted() {
        return accepted.get();
    }

    List<String> acceptFailures() {
        return List.copyOf(acceptFailures);
    }

    /** The connections accepted once the accept loop has caught up with the kernel's queue (at most 2 s). */
    int acceptedSoon(int expected) throws InterruptedException {
        long until = System.nanoTime() + 2_000_000_000L;
        while (accepted.get() < expected && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        return accepted.get();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                accepted.incrementAndGet();
                clients.add(client);
                threads.add(Thread.ofVirtual().name("test-peer-client").start(() -> serve(client)));
            } catch (IOException failed) {
                if (listener.isClosed()) {
                    return;
                }
                acceptFailures.add(failed.toString()); // and go on: one failed accept must not end the peer
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            behaviour.serve(client);
        } catch (IOException | InterruptedException gone) {
            // the scan hung up or the test is over: either way this connection is done
        } finally {
            clients.remove(client);
            threads.remove(Thread.currentThread());
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket client : clients) {
            client.close();
        }
        threads.forEach(Thread::interrupt);
    }
}
