package connmonitor.config;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Collection;
import java.util.Set;
import java.util.function.Function;

/**
 * A host ready to be measured: the name exactly as the config wrote it, the address it resolved to,
 * its options, and the address as people write it: dotted quad, or RFC 5952 compressed IPv6
 * ({@code ::1}). That text goes into every record and every metric label, so it is formatted once here
 * rather than per record. When a name resolves to a new address, a new Target takes this one's place.
 */
public record Target(String name, InetAddress address, Options options, int line, String addressText,
                     FleetOptions fleet) {

    public Target(String name, InetAddress address, Options options, int line) {
        this(name, address, options, line, FleetOptions.DEFAULTS);
    }

    public Target(String name, InetAddress address, Options options, int line, FleetOptions fleet) {
        this(name, address, options, line, Addresses.format(address), fleet);
    }

    public boolean ipv6() {
        return address instanceof Inet6Address;
    }

    /** The same host and options, measured at another address (its name now resolves there). */
    public Target at(InetAddress newAddress) {
        return new Target(name, newAddress, options, line, fleet);
    }

    /** The plaintext header as 4.1.3 writes it: the host as written, then a space and the address when it differs. */
    public String header() {
        String address = addressText();
        return name.equals(address) ? name : name + " " + address;
    }

    /**
     * After a reload: removes the keys (a map's key set, say) whose host is not among these targets, so
     * what is kept per host stays as large as the config.
     */
    public static <K> void retainOnly(Collection<K> keys, Function<? super K, Target> hostOf,
                                      Collection<Target> targets) {
        Set<Target> keep = Set.copyOf(targets);
        keys.removeIf(key -> !keep.contains(hostOf.apply(key)));
    }
}
