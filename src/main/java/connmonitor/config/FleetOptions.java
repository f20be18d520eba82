package connmonitor.config;

import java.net.InetAddress;
import java.util.Optional;
import java.util.SequencedMap;

/**
 * The options of one config line beyond connmonitor 4.x's: who the host is to the fleet (its labels),
 * how its name is resolved, and how its packets leave this machine. Every default is 4.1.3's behaviour,
 * so a line without any of them is measured and printed exactly as before.
 *
 * @param labels         the line's {@code label.NAME=VALUE} options in config order (empty: none)
 * @param family         which address family a name resolves to
 * @param allAddresses   every address of a name is its own target ({@code addresses=all})
 * @param resolveMillis  how often a name is looked up again; 0 = once per (re)load
 * @param source         the local address packets are sent from ({@code source=})
 * @param interfaceName  the interface packets leave through ({@code interface=})
 * @param tos            IPv4 TOS / IPv6 traffic class of every packet, or -1 to leave the kernel's (0)
 * @param ttl            IPv4 TTL / IPv6 hop limit of pings, or -1 to leave the kernel's default
 * @param proto          what pings and traces send ({@code proto=}; ICMP echo as 4.1.3)
 * @param port           the UDP or TCP port of {@code port=}, or 0 for the protocol's default
 */
public record FleetOptions(SequencedMap<String, String> labels, AddressFamily family, boolean allAddresses,
                           long resolveMillis, Optional<InetAddress> source, Optional<String> interfaceName,
                           int tos, int ttl, Protocol proto, int port) {

    /** Five minutes: DNS changes show up soon, and 10,000 names cost 33 lookups a second. */
    public static final long DEFAULT_RESOLVE_MILLIS = 300_000;

    public static final FleetOptions DEFAULTS = new FleetOptions(new java.util.LinkedHashMap<>(), AddressFamily.ANY,
            false, DEFAULT_RESOLVE_MILLIS, Optional.empty(), Optional.empty(), -1, -1);

    public FleetOptions {
        labels = java.util.Collections.unmodifiableSequencedMap(new java.util.LinkedHashMap<>(labels));
        java.util.Objects.requireNonNull(proto);
    }

    /** ICMP echo, as before proto= existed. */
    public FleetOptions(SequencedMap<String, String> labels, AddressFamily family, boolean allAddresses,
                        long resolveMillis, Optional<InetAddress> source, Optional<String> interfaceName, int tos,
                        int ttl) {
        this(labels, family, allAddresses, resolveMillis, source, interfaceName, tos, ttl, Protocol.ICMP, 0);
    }

    /** The UDP or TCP port probes go to: {@code port=}, else the protocol's default; 0 for ICMP. */
    public int effectivePort() {
        return port > 0 ? port : proto.defaultPort;
    }

    /** Which addresses of a name count: whatever the resolver returns first (4.1.3), or one family. */
    public enum AddressFamily {
        ANY, V4, V6;

        /** As the option writes it: 4 or 6. */
        String option() {
            return this == V4 ? "4" : this == V6 ? "6" : "any";
        }

        String ip() {
            return "IPv" + option();
        }
    }

    /**
     * The family the host must resolve to: {@code family=}, else the family of {@code source=} (a v6
     * source can only reach a v6 address), else any.
     */
    public AddressFamily effectiveFamily() {
        if (family != AddressFamily.ANY || source.isEmpty()) {
            return family;
        }
        return familyOf(source.get());
    }

    /** Why these options cannot go with this host (as written in the config), or empty when they can. */
    Optional<String> conflictWith(String host) {
        if (port > 0 && proto == Protocol.ICMP) {
            return Optional.of("option 'port' needs proto=udp or proto=tcp (ICMP echo has no port)");
        }
        if (source.isPresent() && family != AddressFamily.ANY && familyOf(source.get()) != family) {
            return Optional.of("option 'source': " + Addresses.format(source.get()) + " is not an " + family.ip()
                    + " address, but family=" + family.option());
        }
        AddressFamily wanted = effectiveFamily();
        if (wanted == AddressFamily.ANY) {
            return Optional.empty(); // the common case: no literal to parse
        }
        InetAddress literal = HostResolver.literal(host);
        if (literal != null && familyOf(literal) != wanted) {
            String asker = family != AddressFamily.ANY ? "family=" + family.option()
                    : "source=" + Addresses.format(source.get());
            return Optional.of("host " + ConfigParser.shown(host) + " is not an " + wanted.ip() + " address, but "
                    + asker + " asks for " + wanted.ip());
        }
        return Optional.empty();
    }

    static AddressFamily familyOf(InetAddress address) {
        return address instanceof java.net.Inet6Address ? AddressFamily.V6 : AddressFamily.V4;
    }

    public boolean hasLabels() {
        return !labels.isEmpty();
    }

    /** Whether any packet option asks for more than the kernel's defaults. */
    public boolean controlsPackets() {
        return source.isPresent() || interfaceName.isPresent() || tos >= 0 || ttl >= 0;
    }
}
