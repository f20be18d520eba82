package connmonitor.probe;

import connmonitor.config.FleetOptions;
import connmonitor.config.Target;
import connmonitor.icmp.PacketControls;
import java.net.SocketException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A host's {@code source=}, {@code interface=}, {@code tos=} and {@code ttl=} as the engine takes them,
 * made once per set of options (the interface is looked up by name then) and shared by every burst and
 * trace of the hosts that have them. Hosts without any take no lookup at all.
 */
public final class HostControls {

    /** The options that shape packets; labels and the rest do not, so a reload that changes them costs nothing. */
    private record Key(java.util.Optional<java.net.InetAddress> source, java.util.Optional<String> interfaceName,
                       int tos, int ttl) {
    }

    private final Map<Key, PacketControls> made = new ConcurrentHashMap<>();

    /**
     * The controls of this target's packets.
     *
     * @throws Unmeasurable when its interface does not exist (any more): measuring through another one
     *                      would report the wrong path
     */
    public PacketControls of(Target target) {
        FleetOptions fleet = target.fleet();
        if (!fleet.controlsPackets()) {
            return PacketControls.NONE;
        }
        Key key = new Key(fleet.source(), fleet.interfaceName(), fleet.tos(), fleet.ttl());
        PacketControls controls = made.get(key);
        if (controls == null) {
            try {
                controls = PacketControls.of(fleet.source().orElse(null), fleet.interfaceName().orElse(null),
                        fleet.tos(), fleet.ttl());
            } catch (SocketException missing) {
                throw new Unmeasurable("NetworkError", "cannot send to " + target.addressText() + " through interface '"
                        + fleet.interfaceName().orElse("") + "': " + missing.getMessage());
            }
            made.put(key, controls);
        }
        return controls;
    }
}
