package connmonitor.icmp;

/** How an ICMP socket was obtained, which decides what it can do. */
public enum SocketMode {
    /** SOCK_RAW (root or CAP_NET_RAW): echo, any TTL, and ICMP errors such as time-exceeded (traces). */
    RAW,
    /** Unprivileged SOCK_DGRAM "ping socket" (net.ipv4.ping_group_range): echo only; the kernel picks the identifier. */
    DATAGRAM,
    /** Neither was allowed, or the address family is missing on this machine. */
    UNAVAILABLE
}
