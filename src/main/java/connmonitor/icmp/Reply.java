package connmonitor.icmp;

/**
 * One received ICMP packet, parsed in place: which request it answers and what it says. The engine
 * reuses a single instance for every packet, so receiving allocates nothing.
 */
final class Reply {

    enum Kind { IGNORED, ECHO_REPLY, ERROR }

    Kind kind;
    int identifier;
    int sequence;
    int type;
    /** Who sent this packet (IPv4 in the low 32 bits of {@code senderLow}). */
    long senderHigh;
    long senderLow;
    /** The destination of the request it answers: the sender for echo replies, the quoted one for errors. */
    long targetHigh;
    long targetLow;
    /** The echo payload, or the quoted part of the original request's payload for errors. */
    long payloadOffset;
    int payloadLength;

    void ignore() {
        kind = Kind.IGNORED;
    }
}
