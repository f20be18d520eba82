package connmonitor.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/** Loopback addresses and ports that concurrent test runs on this machine are unlikely to share. */
public final class Loopback {

    private Loopback() {
    }

    /** A random 127.x.y.z outside 127.0.0.0/24, where other tests put their fixed hosts. */
    public static String randomAddress() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "127." + random.nextInt(1, 255) + "." + random.nextInt(0, 256) + "." + random.nextInt(1, 255);
    }

    /** A port free on that address right now (the kernel picks it). */
    public static int freePort(String address) throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.ofLiteral(address), 0));
            return socket.getLocalPort();
        }
    }
}
