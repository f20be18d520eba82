package connmonitor.icmp;

/** What an ICMP error about one of our requests says, whatever the address family. */
public enum IcmpError {
    /** The TTL (hop limit) ran out on the way: the sender is a router on the path. */
    TIME_EXCEEDED,
    /** The sender cannot deliver the request: no route, host down, or administratively refused. */
    UNREACHABLE
}
