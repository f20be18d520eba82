package connmonitor.scan;

import connmonitor.config.Options;
import connmonitor.config.Target;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/** Loopback addresses for test servers: a random 127.x.y.z per server, so parallel runs never share one. */
final class Loopback {

    private Loopback() {
    }

    /** A random address in 127.0.0.0/8 other than 127.0.0.x (which other programs like to use). */
    static InetAddress randomV4() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        byte[] bytes = {127, (byte) random.nextInt(1, 255), (byte) random.nextInt(0, 256), (byte) random.nextInt(1, 255)};
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException impossible) {
            throw new AssertionError(impossible);
        }
    }

    /**
     * A random 127.x.y.z on which all the ports are free. Fails clearly when none is: then something
     * listens on a wildcard address (0.0.0.0:80, say) and no test can use those ports on loopback.
     */
    static InetAddress randomV4WithFree(int... ports) {
        for (int tries = 0; tries < 10; tries++) {
            InetAddress address = randomV4();
            if (Arrays.stream(ports).allMatch(port -> free(address, port))) {
                return address;
            }
        }
        throw new IllegalStateException("ports " + Arrays.toString(ports)
                + " are taken on every 127.x.y.z tried: is a server listening on 0.0.0.0?");
    }

    static InetAddress v6() {
        try {
            return InetAddress.getByName("::1");
        } catch (UnknownHostException impossible) {
            throw new AssertionError(impossible);
        }
    }

    /** A target as the config would make it for an address literal. */
    static Target target(InetAddress address) {
        return new Target(connmonitor.config.Addresses.format(address), address, Options.DEFAULTS, 1);
    }

    /** A target written as a host name in the config that resolved to this address. */
    static Target target(String name, InetAddress address) {
        return new Target(name, address, Options.DEFAULTS, 1);
    }

    /** Whether a server could listen on the address and port right now. */
    static boolean free(InetAddress address, int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(address, port));
            return true;
        } catch (IOException taken) {
            return false;
        }
    }
}
