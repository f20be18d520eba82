package connmonitor.icmp;

import java.net.InetAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the echo replies of a request, and every packet's fate on {@code settled} (one count down per
 * packet, whatever became of it), so a test can wait for a request to be over and then read its replies.
 */
public record CountingReplies(AtomicInteger replies, CountDownLatch settled) implements ProbeListener {

    @Override
    public void onEchoReply(int index, long rttNanos) {
        replies.incrementAndGet();
        settled.countDown();
    }

    @Override
    public void onIcmpError(int index, long rttNanos, InetAddress from, IcmpError error) {
        settled.countDown();
    }

    @Override
    public void onNoReply(int index) {
        settled.countDown();
    }

    @Override
    public void onSendFailed(int index, String reason) {
        settled.countDown();
    }
}
