package connmonitor.icmp;

import java.net.InetAddress;
import java.util.concurrent.CountDownLatch;

/**
 * What became of each packet of one request: how many were answered, taken for a router's error, left
 * unanswered or not sent, with the shortest and longest round trip of the answers. {@code done} counts one
 * down per packet, so a test waits on it and then reads the rest.
 */
final class ProbeFates implements ProbeListener {

    final CountDownLatch done;
    volatile int replies;
    volatile int errors;
    volatile int silent;
    volatile String failure;
    volatile long minRtt = Long.MAX_VALUE;
    volatile long maxRtt;

    ProbeFates(int packets) {
        done = new CountDownLatch(packets);
    }

    @Override
    public synchronized void onEchoReply(int index, long rttNanos) {
        replies++;
        minRtt = Math.min(minRtt, rttNanos);
        maxRtt = Math.max(maxRtt, rttNanos);
        done.countDown();
    }

    @Override
    public synchronized void onIcmpError(int index, long rttNanos, InetAddress from, IcmpError error) {
        errors++;
        done.countDown();
    }

    @Override
    public synchronized void onNoReply(int index) {
        silent++;
        done.countDown();
    }

    @Override
    public synchronized void onSendFailed(int index, String reason) {
        failure = reason;
        done.countDown();
    }
}
