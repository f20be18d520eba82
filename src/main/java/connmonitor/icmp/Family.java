package connmonitor.icmp;

/** ICMP for IPv4 and ICMPv6 for IPv6: the numbers that differ between the two. */
enum Family {
    V4(Libc.AF_INET, Libc.IPPROTO_ICMP, 8, 0, 11, 3, 16),
    V6(Libc.AF_INET6, Libc.IPPROTO_ICMPV6, 128, 129, 3, 1, 28);

    final int domain;
    final int protocol;
    final int echoRequest;
    final int echoReply;
    final int timeExceeded;
    final int unreachable;
    final int sockaddrLength;

    Family(int domain, int protocol, int echoRequest, int echoReply, int timeExceeded, int unreachable,
           int sockaddrLength) {
        this.domain = domain;
        this.protocol = protocol;
        this.echoRequest = echoRequest;
        this.echoReply = echoReply;
        this.timeExceeded = timeExceeded;
        this.unreachable = unreachable;
        this.sockaddrLength = sockaddrLength;
    }

    /** The unreachable code a host sends for a closed UDP port. */
    int portUnreachable() {
        return this == V4 ? 3 : 4;
    }

    String label() {
        return this == V4 ? "IPv4" : "IPv6";
    }
}
