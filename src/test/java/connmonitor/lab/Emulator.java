package connmonitor.lab;

import java.io.IOException;

/**
 * The live controls of one emulated link between nodes a and b (this kernel has no netem, so a
 * userspace forwarder between two TUN devices does its job). Everything here may be called from
 * any thread while traffic flows; changes apply to packets read from then on.
 */
public final class Emulator {

    private final String a;
    private final String b;
    private final Direction aToB;
    private final Direction bToA;
    private volatile boolean cut;
    private volatile long generation;
    private Tun tunA;
    private Tun tunB;
    private int wakeFd = -1;
    private EmulatorLoop loop;
    private Thread thread;

    Emulator(String a, String b, Link.Emulated spec) {
        this.a = a;
        this.b = b;
        this.aToB = new Direction(a, b, spec.aToB());
        this.bToA = new Direction(b, a, spec.bToA());
    }

    /** The direction that carries the packets sent by {@code fromNode} (one of the link's two ends). */
    public Direction direction(String fromNode) {
        if (a.equals(fromNode)) {
            return aToB;
        }
        if (b.equals(fromNode)) {
            return bToA;
        }
        throw new IllegalArgumentException("node " + fromNode + " is not an end of link " + this);
    }

    /** Sets the same impairment on both directions. */
    public void set(Impairment both) {
        aToB.set(both);
        bToA.set(both);
    }

    /** Cuts the wire in both directions: packets held right now and all packets from now on are lost. */
    public synchronized void cut() {
        cut = true;
        generation++;
    }

    /** Mends the wire after {@link #cut()}; the impairments are what they were. */
    public synchronized void restore() {
        cut = false;
    }

    public boolean isCut() {
        return cut;
    }

    @Override
    public String toString() {
        return a + "<->" + b;
    }

    Direction aToB() {
        return aToB;
    }

    Direction bToA() {
        return bToA;
    }

    long generation() {
        return generation;
    }

    /** Starts forwarding between the two devices; the emulator owns and closes them from now on. */
    synchronized void start(Tun inA, Tun inB) throws IOException {
        tunA = inA;
        tunB = inB;
        wakeFd = LinuxCalls.eventfd();
        loop = new EmulatorLoop(this, inA, inB, wakeFd);
        thread = new Thread(loop, "lab-link-" + a + "-" + b);
        thread.setDaemon(true);
        thread.setPriority(Thread.MAX_PRIORITY);
        thread.start();
    }

    /** Stops the loop and closes both devices, which makes the kernel delete them. */
    synchronized void close() {
        if (thread != null) {
            loop.stop();
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) {
                throw new IllegalStateException("emulator loop " + this + " did not stop");
            }
            thread = null;
        }
        if (wakeFd >= 0) {
            LinuxCalls.close(wakeFd);
            wakeFd = -1;
        }
        if (tunA != null) {
            tunA.close();
        }
        if (tunB != null) {
            tunB.close();
        }
    }

    boolean isRunning() {
        Thread t = thread;
        return t != null && t.isAlive();
    }
}
