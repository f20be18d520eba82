package connmonitor.icmp;

/**
 * What a probe's packets are: ICMP echo requests (4.1.3's only kind), UDP datagrams to a port, or TCP
 * SYNs to a port. The round trip of a UDP probe ends with the host's ICMP port unreachable, that of a
 * TCP probe with its SYN-ACK or RST; on the way, routers answer all three with time exceeded.
 */
public enum Transport {
    ICMP(0),
    UDP(Libc.IPPROTO_UDP),
    TCP(Libc.IPPROTO_TCP);

    final int protocol;

    Transport(int protocol) {
        this.protocol = protocol;
    }
}
