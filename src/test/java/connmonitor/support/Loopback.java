package connmonitor.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/** Loopback addresses and ports that concurrent test runs on this machine are unlikely to share. */
public final class Loopback {

    private Loopback() {
    }

    /** A random 127.x.y.z outside 127.0.0.0/24, where other tests and programs put their fixed hosts. */
    public static InetAddress randomV4() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return InetAddress.ofLiteral("127." + random.nextInt(1, 255) + "." + random.nextInt(0, 256) + "."
                + random.nextInt(1, 255));
    }

    /** {@link #randomV4()} as text. */
    public static String randomAddress() {
        return randomV4().getHostAddress();
    }

    /**
     * A random 127.x.y.z on which all the ports are free. Fails clearly when none is: then something
     * listens on a wildcard address (0.0.0.0:80, say) and no test can use those ports on loopback.
     */
    public static InetAddress randomV4WithFree(int... ports) {
        for (int tries = 0; tries < 10; tries++) {
            InetAddress address = randomV4();
            if (Arrays.stream(ports).allMatch(port -> free(address, port))) {
                return address;
            }
        }
        throw new IllegalStateException("ports " + Arrays.toString(ports)
                + " are taken on every 127.x.y.z tried: is a server listening on 0.0.0.0?");
    }

    /** Whether a server could listen on the address and port right now. */
    public static boolean free(InetAddress address, int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(address, port));
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    /** A port free on that address right now (the kernel picks it). */
    public static int freePort(String address) throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.ofLiteral(address), 0));
            return socket.getLocalPort();
        }
    }
}
