package connmonitor.icmp;

import java.net.InetAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** One request's round trips by packet index (-1 for a packet that got no echo reply) and its replies counted. */
final class BurstRecorder implements ProbeListener {

    final CountDownLatch done;
    final long[] rtts;
    final AtomicInteger replies = new AtomicInteger();

    BurstRecorder(int packets) {
        done = new CountDownLatch(packets);
        rtts = new long[packets];
    }

    @Override
    public void onEchoReply(int index, long rttNanos) {
        rtts[index] = rttNanos;
        replies.incrementAndGet();
        done.countDown();
    }

    @Override
    public void onIcmpError(int index, long rttNanos, InetAddress from, IcmpError error) {
        rtts[index] = -1;
        done.countDown();
    }

    @Override
    public void onNoReply(int index) {
        rtts[index] = -1;
        done.countDown();
    }

    @Override
    public void onSendFailed(int index, String reason) {
        rtts[index] = -1;
        done.countDown();
    }
}
