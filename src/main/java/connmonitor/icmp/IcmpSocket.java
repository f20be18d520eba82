package connmonitor.icmp;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * One non-blocking ICMP socket of one address family, shared by every host of that family.
 * Raw when the process may (root or CAP_NET_RAW), otherwise an unprivileged ping socket.
 */
final class IcmpSocket implements AutoCloseable {

    /** Large buffers: thousands of hosts' replies may arrive in one scheduling gap of the engine thread. */
    private static final int BUFFER_BYTES = 8 * 1024 * 1024;

    final Family family;
    final SocketMode mode;
    final int fd;
    final String failure;
    private final Libc.CallState state;
    /** The option value of setTtl, reused: a slice per call would be an object per trace packet. */
    private final MemorySegment ttlValue;
    /** The TTL the socket sends with now; -1 is the system default, which a new socket has. */
    private int ttl = -1;
    /**
     * Whether echo requests without controls go out in batches ({@link BatchedSends}): the socket reports
     * transmit stamps, and the kernel has not refused a batch's timestamp ids. Engine thread only.
     */
    boolean batches;
    /** A batch has gone out on this socket: a later EINVAL is the packet's own error. */
    boolean batchesConfirmed;
    /** sendmsg's msghdr, iovec and ancillary data, reused for every packet that carries controls. */
    private final MemorySegment message;
    private final MemorySegment iov;
    private final MemorySegment control;

    private IcmpSocket(Family family, SocketMode mode, int fd, String failure, Libc.CallState state, Arena arena) {
        this.family = family;
        this.mode = mode;
        this.fd = fd;
        this.failure = failure;
        this.state = state;
        this.ttlValue = arena.allocate(JAVA_INT);
        this.message = arena.allocate(MSGHDR_BYTES, 8);
        this.iov = arena.allocate(16, 8);
        this.control = arena.allocate(CONTROL_BYTES, 8);
    }

    private static final long MSGHDR_BYTES = 56;
    /** Room for TOS, TTL and PKTINFO, each CMSG_SPACE'd: 24 + 24 + 40. */
    private static final long CONTROL_BYTES = 128;
    private static final long CMSG_HEADER = 16;

    /** Opens the best socket the process is allowed; never throws for a refusal, it reports it. */
    static IcmpSocket open(Family family, Arena arena, Libc.CallState state, boolean allowRaw) {
        int flags = Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC;
        int rawErrno = 0;
        if (allowRaw) {
            int fd = Libc.socket(state, family.domain, Libc.SOCK_RAW | flags, family.protocol);
            if (fd >= 0) {
                IcmpSocket socket = new IcmpSocket(family, SocketMode.RAW, fd, null, state, arena);
                socket.configure(arena);
                return socket;
            }
            rawErrno = state.errno();
        }
        int fd = Libc.socket(state, family.domain, Libc.SOCK_DGRAM | flags, family.protocol);
        if (fd >= 0) {
            IcmpSocket socket = new IcmpSocket(family, SocketMode.DATAGRAM, fd, null, state, arena);
            socket.configure(arena);
            return socket;
        }
        int dgramErrno = state.errno();
        String why = family.label() + " ICMP: raw socket refused ("
                + (allowRaw ? Libc.strerror(rawErrno) : "not tried") + "; needs root or CAP_NET_RAW), "
                + "ping socket refused (" + Libc.strerror(dgramErrno) + "; see net.ipv4.ping_group_range)";
        return new IcmpSocket(family, SocketMode.UNAVAILABLE, -1, why, state, arena);
    }

    /**
     * Opens a raw UDP or TCP socket for proto=udp|tcp probes: it sends them (the kernel adds the IP
     * header), and a TCP one also receives the SYN-ACKs and RSTs that answer them. The ICMP errors they
     * cause arrive on the raw ICMP socket. There is no unprivileged fallback.
     */
    static IcmpSocket openTransport(Family family, Transport transport, Arena arena, Libc.CallState state,
                                    boolean allowRaw) {
        String what = family.label() + " " + transport.name();
        if (!allowRaw) {
            return new IcmpSocket(family, SocketMode.UNAVAILABLE, -1, what + " probes need a raw socket, "
                    + "which this engine does not use", state, arena);
        }
        int fd = Libc.socket(state, family.domain, Libc.SOCK_RAW | Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC,
                transport.protocol);
        if (fd < 0) {
            return new IcmpSocket(family, SocketMode.UNAVAILABLE, -1, what + " probes need a raw socket (root or "
                    + "CAP_NET_RAW): " + Libc.strerror(state.errno()), state, arena);
        }
        IcmpSocket socket = new IcmpSocket(family, SocketMode.RAW, fd, null, state, arena);
        socket.configureBuffers(arena);
        SocketFilters.forTransport(socket, transport, arena, state);
        return socket;
    }

    private void configure(Arena arena) {
        configureBuffers(arena);
        batches = SendStamps.enable(this, arena, state);
        if (mode == SocketMode.RAW) {
            installFilter(arena);
        }
    }

    private void configureBuffers(Arena arena) {
        MemorySegment size = arena.allocateFrom(JAVA_INT, BUFFER_BYTES);
        // FORCE ignores rmem_max/wmem_max but needs CAP_NET_ADMIN; the plain option is capped by them.
        if (Libc.setsockopt(state, fd, Libc.SOL_SOCKET, Libc.SO_RCVBUFFORCE, size) != 0) {
            Libc.setsockopt(state, fd, Libc.SOL_SOCKET, Libc.SO_RCVBUF, size);
        }
        if (Libc.setsockopt(state, fd, Libc.SOL_SOCKET, Libc.SO_SNDBUFFORCE, size) != 0) {
            Libc.setsockopt(state, fd, Libc.SOL_SOCKET, Libc.SO_SNDBUF, size);
        }
        Libc.setsockopt(state, fd, Libc.SOL_SOCKET, Libc.SO_TIMESTAMPNS, arena.allocateFrom(JAVA_INT, 1));
    }

    /**
     * Lets the kernel drop every ICMP type except replies and the errors a trace needs, so that the
     * echo requests looped back to us and all other ICMP traffic of the machine never wake the engine.
     */
    private void installFilter(Arena arena) {
        if (family == Family.V4) {
            int pass = (1 << family.echoReply) | (1 << family.timeExceeded) | (1 << family.unreachable);
            Libc.setsockopt(state, fd, Libc.SOL_RAW, Libc.ICMP_FILTER, arena.allocateFrom(JAVA_INT, ~pass));
        } else {
            int[] blocked = {-1, -1, -1, -1, -1, -1, -1, -1};
            for (int type : new int[] {family.echoReply, family.timeExceeded, family.unreachable}) {
                blocked[type >> 5] &= ~(1 << (type & 31));
            }
            Libc.setsockopt(state, fd, Libc.IPPROTO_ICMPV6, Libc.ICMP6_FILTER, arena.allocateFrom(JAVA_INT, blocked));
        }
    }

    /** Sets the TTL (hop limit) of the packets sent next, unless it is already that; -1 is the system default. */
    void setTtl(int ttl) {
        if (ttl == this.ttl) {
            return;
        }
        ttlValue.set(JAVA_INT, 0, ttl);
        int level = family == Family.V4 ? Libc.IPPROTO_IP : Libc.IPPROTO_IPV6;
        int option = family == Family.V4 ? Libc.IP_TTL : Libc.IPV6_UNICAST_HOPS;
        if (Libc.setsockopt(state, fd, level, option, ttlValue) == 0) {
            this.ttl = ttl;
        }
    }

    /**
     * Sends one packet: with plain sendto when the host has no controls (as before any existed), else with
     * sendmsg and the controls as ancillary data, built in buffers owned by this socket: nothing is
     * allocated. Returns what the call returned (negative: errno in the caller's call state).
     *
     * @param traceTtl the TTL a trace gave this packet (already set on the socket), or -1
     */
    long send(Libc.CallState caller, MemorySegment packet, int length, MemorySegment address, int addressLength,
              PacketControls controls, int traceTtl) {
        if (controls.none()) {
            return Libc.sendto(caller, fd, packet, length, 0, address, addressLength);
        }
        boolean v4 = family == Family.V4;
        long used = 0;
        if (controls.tos() >= 0) {
            used = option(used, v4 ? Libc.IPPROTO_IP : Libc.IPPROTO_IPV6, v4 ? Libc.IP_TOS : Libc.IPV6_TCLASS,
                    controls.tos());
        }
        if (traceTtl < 0 && controls.ttl() > 0) {
            used = option(used, v4 ? Libc.IPPROTO_IP : Libc.IPPROTO_IPV6, v4 ? Libc.IP_TTL : Libc.IPV6_HOPLIMIT,
                    controls.ttl());
        }
        byte[] source = controls.source();
        boolean sourceFits = source != null && source.length == (v4 ? 4 : 16);
        if (sourceFits || controls.interfaceIndex() != 0) {
            used = v4 ? pktinfo4(used, sourceFits ? source : null, controls.interfaceIndex())
                    : pktinfo6(used, sourceFits ? source : null, controls.interfaceIndex());
        }
        iov.set(ADDRESS, 0, packet);
        iov.set(JAVA_LONG, 8, length);
        message.set(ADDRESS, 0, address);
        message.set(JAVA_LONG, 8, addressLength); // msg_namelen and the padding after it
        message.set(ADDRESS, 16, iov);
        message.set(JAVA_LONG, 24, 1);
        message.set(ADDRESS, 32, used == 0 ? MemorySegment.NULL : control);
        message.set(JAVA_LONG, 40, used);
        message.set(JAVA_LONG, 48, 0);
        return Libc.sendmsg(caller, fd, message, 0);
    }

    /** Writes a cmsghdr at {@code at}; returns where its data starts. */
    private long header(long at, int level, int type, int dataBytes) {
        control.set(JAVA_LONG, at, CMSG_HEADER + dataBytes);
        control.set(JAVA_INT, at + 8, level);
        control.set(JAVA_INT, at + 12, type);
        return at + CMSG_HEADER;
    }

    private static long space(int dataBytes) {
        return CMSG_HEADER + ((dataBytes + 7) & ~7);
    }

    private long option(long at, int level, int type, int value) {
        control.set(JAVA_INT, header(at, level, type, 4), value);
        return at + space(4);
    }

    /** struct in_pktinfo: ifindex, then ipi_spec_dst (the source to use) and ipi_addr (ignored when sending). */
    private long pktinfo4(long at, byte[] source, int interfaceIndex) {
        long data = header(at, Libc.IPPROTO_IP, Libc.IP_PKTINFO, 12);
        control.set(JAVA_INT, data, interfaceIndex);
        control.set(JAVA_INT, data + 4, 0);
        control.set(JAVA_INT, data + 8, 0);
        if (source != null) {
            MemorySegment.copy(source, 0, control, JAVA_BYTE, data + 4, 4);
        }
        return at + space(12);
    }

    /** struct in6_pktinfo: the source address (:: for the kernel's choice), then the interface index. */
    private long pktinfo6(long at, byte[] source, int interfaceIndex) {
        long data = header(at, Libc.IPPROTO_IPV6, Libc.IPV6_PKTINFO, 20);
        control.set(JAVA_LONG, data, 0L);
        control.set(JAVA_LONG, data + 8, 0L);
        if (source != null) {
            MemorySegment.copy(source, 0, control, JAVA_BYTE, data, 16);
        }
        control.set(JAVA_INT, data + 16, interfaceIndex);
        return at + space(20);
    }

    /** Links and compiles the sendmsg path before a real packet needs it (a bad fd fails at once). */
    void warmUp(Libc.CallState caller) {
        message.fill((byte) 0);
        for (int i = 0; i < 20_000; i++) {
            Libc.sendmsg(caller, -1, message, 0);
        }
    }

    boolean usable() {
        return mode != SocketMode.UNAVAILABLE;
    }

    @Override
    public void close() {
        if (fd >= 0) {
            Libc.close(state, fd);
        }
    }
}
