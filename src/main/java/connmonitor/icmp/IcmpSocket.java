package connmonitor.icmp;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT;

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

    private IcmpSocket(Family family, SocketMode mode, int fd, String failure, Libc.CallState state, Arena arena) {
        this.family = family;
        this.mode = mode;
        this.fd = fd;
        this.failure = failure;
        this.state = state;
        this.ttlValue = arena.allocate(JAVA_INT);
    }

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

    private void configure(Arena arena) {
        MemorySegment size = arena.allocateFrom(JAVA_INT, BUFFER_BYTES);
        // FORCE ignores rmem_max/wmem_max but needs CAP_NET_ADMIN; the plain option is capped by them.
        if (Libc.setsockopt(state, fd, Libc.SOL_SOCKET, Libc.SO_RCVBUFFORCE, size) != 0) {
            Libc.setsockopt(state, fd, Libc.SOL_SOCKET, Libc.SO_RCVBUF, size);
        }
        if (Libc.setsockopt(state, fd, Libc.SOL_SOCKET, Libc.SO_SNDBUFFORCE, size) != 0) {
            Libc.setsockopt(state, fd, Libc.SOL_SOCKET, Libc.SO_SNDBUF, size);
        }
        Libc.setsockopt(state, fd, Libc.SOL_SOCKET, Libc.SO_TIMESTAMPNS, arena.allocateFrom(JAVA_INT, 1));
        if (mode == SocketMode.RAW) {
            installFilter(arena);
        }
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
