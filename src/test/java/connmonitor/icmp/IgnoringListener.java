package connmonitor.icmp;

import java.net.InetAddress;

/** A listener for requests whose fates a test does not look at (it watches the packets, or only slots). */
final class IgnoringListener implements ProbeListener {

    static final IgnoringListener INSTANCE = new IgnoringListener();

    private IgnoringListener() {
    }

    @Override
    public void onEchoReply(int index, long rttNanos) {
    }

    @Override
    public void onIcmpError(int index, long rttNanos, InetAddress from, IcmpError error) {
    }

    @Override
    public void onNoReply(int index) {
    }

    @Override
    public void onSendFailed(int index, String reason) {
    }
}
