package connmonitor.config;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Optional;

/**
 * Checks {@code source=} and {@code interface=} against this machine when a config loads: a source
 * address the machine does not have, or an interface it does not have, cannot send a single packet,
 * so the host is skipped with the reason (like a name that does not resolve) rather than measured as
 * 100% loss forever.
 */
final class LocalEnds {

    private LocalEnds() {
    }

    static Optional<String> problem(FleetOptions fleet) {
        try {
            if (fleet.interfaceName().isPresent() && NetworkInterface.getByName(fleet.interfaceName().get()) == null) {
                return Optional.of("cannot send through interface '" + fleet.interfaceName().get()
                        + "': this machine has no such interface");
            }
            if (fleet.source().isPresent() && !bindable(fleet.source().get())) {
                return Optional.of("cannot send from " + Addresses.format(fleet.source().get())
                        + ": not an address of this machine");
            }
        } catch (SocketException unreadable) {
            return Optional.of("cannot read this machine's interfaces: " + unreadable.getMessage());
        }
        return Optional.empty();
    }

    /**
     * Whether the kernel lets us send from this address: it knows better than the interface list (every
     * 127.x.y.z is local though lo lists only 127.0.0.1, and so are AnyIP routes).
     */
    private static boolean bindable(InetAddress address) {
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(address, 0))) {
            return true;
        } catch (SocketException notLocal) {
            return false;
        }
    }
}
