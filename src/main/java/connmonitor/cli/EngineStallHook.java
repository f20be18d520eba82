package connmonitor.cli;

import connmonitor.icmp.ProbeEngine;
import connmonitor.icmp.IcmpError;
import connmonitor.icmp.ProbeListener;
import connmonitor.icmp.ProbeRequest;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A test hook, off unless the system property {@value #PROPERTY} gives seconds: that long after start
 * the ICMP engine's thread is made to hang (one echo to 127.0.0.1 whose listener never returns), as a
 * bug would hang it. Tests use it to see the systemd watchdog restart a stuck monitor.
 */
final class EngineStallHook {

    static final String PROPERTY = "connmonitor.test.stallEngineAfterSeconds";

    private EngineStallHook() {
    }

    static void installIfAsked(ProbeEngine engine, ScheduledExecutorService timer) {
        String seconds = System.getProperty(PROPERTY);
        if (seconds == null) {
            return;
        }
        timer.schedule(() -> engine.submit(ProbeRequest.echo(InetAddress.getLoopbackAddress(), 1, 0,
                Duration.ofSeconds(1), new Hang())), Long.parseLong(seconds.strip()), TimeUnit.SECONDS);
    }

    /** Every callback parks the engine thread for good. */
    private static final class Hang implements ProbeListener {
        @Override
        public void onEchoReply(int index, long rttNanos) {
            hang();
        }

        @Override
        public void onIcmpError(int index, long rttNanos, InetAddress from, IcmpError error) {
            hang();
        }

        @Override
        public void onNoReply(int index) {
            hang();
        }

        @Override
        public void onSendFailed(int index, String reason) {
            hang();
        }

        private static void hang() {
            while (true) {
                LockSupport.park();
            }
        }
    }
}
