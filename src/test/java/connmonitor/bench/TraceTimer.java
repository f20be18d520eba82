package connmonitor.bench;

import connmonitor.config.Options;
import connmonitor.config.Target;
import connmonitor.icmp.IcmpEngine;
import connmonitor.probe.TraceResult;
import connmonitor.trace.TraceProbe;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * For bench/lab.sh: times whole traces of connmonitor's trace probe, one after another, from the
 * namespace it is started in. Usage: TraceTimer ADDRESS HOPS COUNT. Prints each duration, the route,
 * and the median in milliseconds.
 */
public final class TraceTimer {

    private TraceTimer() {
    }

    public static void main(String[] args) throws Exception {
        InetAddress address = InetAddress.ofLiteral(args[0]);
        int hops = Integer.parseInt(args[1]);
        int count = Integer.parseInt(args[2]);
        Options d = Options.DEFAULTS;
        Target target = new Target(args[0], address,
                new Options(0, d.numPings(), d.payload(), 1000, hops, 0, true, true), 1);
        var timer = connmonitor.schedule.Scheduler.newTimer();
        try (IcmpEngine engine = IcmpEngine.start(true, Throwable::printStackTrace)) {
            TraceProbe probe = new TraceProbe(engine, timer);
            probe.measure(target).get(10, TimeUnit.SECONDS); // the first run also loads and compiles the code
            double[] millis = new double[count];
            TraceResult last = null;
            for (int i = 0; i < count; i++) {
                long start = System.nanoTime();
                last = probe.measure(target).get(10, TimeUnit.SECONDS);
                millis[i] = (System.nanoTime() - start) / 1e6;
            }
            Arrays.sort(millis);
            System.out.printf("route %s%n", last.steps().stream()
                    .map(s -> s.answered() ? s.address().getHostAddress() : "*").toList());
            System.out.printf("median %.1f ms (min %.1f, max %.1f) over %d traces%n",
                    millis[count / 2], millis[0], millis[count - 1], count);
        } finally {
            timer.shutdownNow();
        }
    }
}
