package connmonitor.icmp;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kernel hands a raw socket with an identifier filter only the echo replies that carry one of its
 * identifiers, where an unfiltered raw socket beside it gets every one (loopback, IPv4 and IPv6).
 * Errors quoting a request are checked through traces in {@link EngineShardsTest}.
 */
@Tag("root")
class IdentifierFilterTest {

    private static final byte[] V4_LOOPBACK = {127, 0, 0, 1};
    private static final byte[] V6_LOOPBACK = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};

    @Test
    void eachFilteredSocketGetsOnlyItsOwnIdentifiersV4() {
        eachFilteredSocketGetsOnlyItsOwnIdentifiers(Family.V4, V4_LOOPBACK);
    }

    @Test
    void eachFilteredSocketGetsOnlyItsOwnIdentifiersV6() {
        eachFilteredSocketGetsOnlyItsOwnIdentifiers(Family.V6, V6_LOOPBACK);
    }

    /** A base near the top of the identifier space: the range wraps past 65535 to 0. */
    @Test
    void aRangeMayWrapAroundTheIdentifierSpace() {
        try (Arena arena = Arena.ofShared()) {
            Libc.CallState state = new Libc.CallState(arena);
            IcmpSocket wrapped = open(arena, state, Family.V4, 65534);
            IcmpSocket sender = open(arena, state, Family.V4, -1);
            try {
                drain(arena, state, wrapped);
                send(arena, state, sender, V4_LOOPBACK, 65535, 1, 0, 2, 4);
                assertThat(identifiersReceived(arena, state, wrapped)).containsExactlyInAnyOrder(65535, 0, 1);
            } finally {
                wrapped.close();
                sender.close();
            }
        }
    }

    /** A UDP datagram to a closed port: its port-unreachable error quotes UDP, not an echo, and passes. */
    @Test
    void errorsQuotingOtherProtocolsPass() throws Exception {
        for (Family family : Family.values()) {
            byte[] loopback = family == Family.V4 ? V4_LOOPBACK : V6_LOOPBACK;
            try (Arena arena = Arena.ofShared(); java.net.DatagramSocket udp = new java.net.DatagramSocket()) {
                Libc.CallState state = new Libc.CallState(arena);
                IcmpSocket filtered = open(arena, state, family, 1000);
                try {
                    drain(arena, state, filtered);
                    int closedPort;
                    try (java.net.DatagramSocket probe = new java.net.DatagramSocket(0)) {
                        closedPort = probe.getLocalPort(); // free again once closed: nothing listens there
                    }
                    java.net.InetAddress to = java.net.InetAddress.getByAddress(loopback);
                    udp.send(new java.net.DatagramPacket(new byte[8], 8, to, closedPort));
                    assertThat(unreachablesReceived(arena, state, filtered)).as(family.label()).isPositive();
                } finally {
                    filtered.close();
                }
            }
        }
    }

    private static void eachFilteredSocketGetsOnlyItsOwnIdentifiers(Family family, byte[] loopback) {
        int base = 40_000 + (int) (ProcessHandle.current().pid() % 1000) * 8;
        try (Arena arena = Arena.ofShared()) {
            Libc.CallState state = new Libc.CallState(arena);
            IcmpSocket first = open(arena, state, family, base);
            IcmpSocket second = open(arena, state, family, base + IcmpEngine.IDENTIFIERS);
            IcmpSocket unfiltered = open(arena, state, family, -1);
            try {
                drain(arena, state, first, second, unfiltered);
                // three requests for the first socket's identifiers, two for the second's, one for neither
                send(arena, state, first, loopback, base, base + 3, base + 3, base + 4, base + 7, base + 8);
                assertThat(identifiersReceived(arena, state, first)).containsExactlyInAnyOrder(base, base + 3, base + 3);
                assertThat(identifiersReceived(arena, state, second)).containsExactlyInAnyOrder(base + 4, base + 7);
                assertThat(identifiersReceived(arena, state, unfiltered)).filteredOn(id -> id >= base && id <= base + 8)
                        .containsExactlyInAnyOrder(base, base + 3, base + 3, base + 4, base + 7, base + 8);
            } finally {
                first.close();
                second.close();
                unfiltered.close();
            }
        }
    }

    /** A raw socket as the engine opens it, with the filter for IDENTIFIERS identifiers from base (-1: none). */
    private static IcmpSocket open(Arena arena, Libc.CallState state, Family family, int base) {
        IcmpSocket socket = IcmpSocket.open(family, arena, state, true);
        assertThat(socket.mode).as("needs root").isEqualTo(SocketMode.RAW);
        if (base >= 0) {
            assertThat(IdentifierFilter.attach(socket, base, IcmpEngine.IDENTIFIERS, arena, state)).isTrue();
        }
        return socket;
    }

    private static void send(Arena arena, Libc.CallState state, IcmpSocket socket, byte[] to, int... identifiers) {
        MemorySegment packet = arena.allocate(EchoRequest.HEADER + 16, 8);
        MemorySegment address = Addresses.sockaddr(arena, to);
        for (int i = 0; i < identifiers.length; i++) {
            int length = EchoRequest.write(packet, socket.family, identifiers[i] & 0xffff, i, 16, 42L + i, -1,
                    socket.family == Family.V4);
            assertThat(Libc.sendto(state, socket.fd, packet, length, 0, address, (int) address.byteSize()))
                    .isEqualTo(length);
        }
    }

    /**
     * Throws away what came before the filter was attached: other jobs on the machine may be pinging
     * (the unfiltered socket gets their replies throughout, so it is only checked for ours).
     */
    private static void drain(Arena arena, Libc.CallState state, IcmpSocket... sockets) {
        ReceiveBatch batch = new ReceiveBatch(arena, state);
        for (IcmpSocket socket : sockets) {
            while (batch.receive(socket.fd) > 0) {
                Thread.onSpinWait();
            }
        }
    }

    /** The identifiers of the echo replies that reach the socket within half a second. */
    private static List<Integer> identifiersReceived(Arena arena, Libc.CallState state, IcmpSocket socket) {
        ReceiveBatch batch = new ReceiveBatch(arena, state);
        Reply reply = new Reply();
        List<Integer> identifiers = new ArrayList<>();
        long end = System.nanoTime() + 500_000_000L;
        while (System.nanoTime() < end) {
            int count = batch.receive(socket.fd);
            for (int i = 0; i < count; i++) {
                ReplyParser.parse(socket.family, socket.family == Family.V4, batch.packet(i), batch.length(i),
                        batch.name(i), reply);
                if (reply.kind == Reply.Kind.ECHO_REPLY) {
                    identifiers.add(reply.identifier);
                }
            }
            if (count <= 0) {
                Thread.onSpinWait();
            }
        }
        return identifiers;
    }

    /** How many destination-unreachable errors reach the socket within half a second. */
    private static int unreachablesReceived(Arena arena, Libc.CallState state, IcmpSocket socket) {
        ReceiveBatch batch = new ReceiveBatch(arena, state);
        int unreachables = 0;
        long end = System.nanoTime() + 500_000_000L;
        while (System.nanoTime() < end) {
            int count = batch.receive(socket.fd);
            for (int i = 0; i < count; i++) {
                MemorySegment packet = batch.packet(i);
                int at = socket.family == Family.V4 ? (packet.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0) & 0x0f) * 4 : 0;
                if ((packet.get(java.lang.foreign.ValueLayout.JAVA_BYTE, at) & 0xff) == socket.family.unreachable) {
                    unreachables++;
                }
            }
            if (count <= 0) {
                Thread.onSpinWait();
            }
        }
        return unreachables;
    }

    /** struct sockaddr_in / sockaddr_in6 for a loopback address. */
    private static final class Addresses {
        static MemorySegment sockaddr(Arena arena, byte[] address) {
            boolean v4 = address.length == 4;
            MemorySegment sockaddr = arena.allocate(v4 ? 16 : 28, 8);
            sockaddr.set(java.lang.foreign.ValueLayout.JAVA_SHORT, 0, (short) (v4 ? Libc.AF_INET : Libc.AF_INET6));
            MemorySegment.copy(address, 0, sockaddr, java.lang.foreign.ValueLayout.JAVA_BYTE, v4 ? 4 : 8, address.length);
            return sockaddr;
        }
    }
}
