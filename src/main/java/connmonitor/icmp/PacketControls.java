package connmonitor.icmp;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;

/**
 * How one host's packets leave the shared socket: the local address to send from, the interface, the
 * IPv4 TOS / IPv6 traffic class and the TTL / hop limit. They ride on each packet as sendmsg ancillary
 * data (IP_PKTINFO, IP_TOS, IP_TTL and their IPv6 twins), so hosts with different controls share one
 * socket per family. Built once per host and load, never per packet.
 *
 * @param source         the source address's bytes (4 or 16), or null for the kernel's choice
 * @param interfaceIndex the outgoing interface's index, or 0 for the routing table's choice
 * @param tos            TOS / traffic class 0..255, or -1 for the socket's (0)
 * @param ttl            TTL / hop limit 1..255 of echo requests, or -1 for the socket's; a trace's own TTLs win
 */
public record PacketControls(byte[] source, int interfaceIndex, int tos, int ttl) {

    /** Nothing asked: the packet goes out with plain sendto, exactly as without any control. */
    public static final PacketControls NONE = new PacketControls(null, 0, -1, -1);

    /**
     * From the config's options; the interface is looked up by name now.
     *
     * @throws SocketException when the interface does not exist (any more)
     */
    public static PacketControls of(InetAddress source, String interfaceName, int tos, int ttl) throws SocketException {
        int index = 0;
        if (interfaceName != null) {
            NetworkInterface device = NetworkInterface.getByName(interfaceName);
            if (device == null) {
                throw new SocketException("no interface '" + interfaceName + "'");
            }
            index = device.getIndex();
        }
        if (source == null && index == 0 && tos < 0 && ttl < 0) {
            return NONE;
        }
        return new PacketControls(source == null ? null : source.getAddress(), index, tos, ttl);
    }

    boolean none() {
        return this == NONE || (source == null && interfaceIndex == 0 && tos < 0 && ttl < 0);
    }

    /** Whether the source address is of the other family than the destination (never sent). */
    boolean sourceMismatches(InetAddress destination) {
        return source != null && (source.length == 16) != (destination instanceof Inet6Address);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PacketControls that && java.util.Arrays.equals(source, that.source)
                && interfaceIndex == that.interfaceIndex && tos == that.tos && ttl == that.ttl;
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(source) * 31 + interfaceIndex * 7 + tos * 3 + ttl;
    }

    @Override
    public String toString() {
        return "PacketControls[source=" + (source == null ? "-" : source.length + " bytes") + ", ifindex="
                + interfaceIndex + ", tos=" + tos + ", ttl=" + ttl + "]";
    }
}
