package connmonitor.scan;

import connmonitor.config.Addresses;
import connmonitor.config.Options;
import connmonitor.config.Target;
import java.net.InetAddress;

/** Scan targets as the config would make them. */
final class ScanTargets {

    static final InetAddress V6 = InetAddress.ofLiteral("::1");

    private ScanTargets() {
    }

    /** A target written as an address literal. */
    static Target target(InetAddress address) {
        return new Target(Addresses.format(address), address, Options.DEFAULTS, 1);
    }

    /** A target written as a host name in the config that resolved to this address. */
    static Target target(String name, InetAddress address) {
        return new Target(name, address, Options.DEFAULTS, 1);
    }
}
