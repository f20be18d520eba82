package connmonitor.icmp;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Plays 127.0.0.5 for proto=tcp|udp probes in a namespace where the kernel's own answers are held
 * back (see {@link TransportForgeriesTest}): it hears each SYN and datagram on raw sockets and answers
 * with one forged packet at once, then the genuine answer {@link #GENUINE_DELAY_MILLIS} later. A forgery
 * that matched would end the probe early, so a probe's round trip tells which of the two counted.
 * Every packet it sends carries TTL {@link #TTL}, which is how the namespace's filter lets it through.
 */
final class TransportForger implements AutoCloseable {

    /** The first packet sent for each probe; each differs from the genuine answer in one field. */
    enum Forgery {
        NONE(null),
        SYN_ACK_ACKNOWLEDGING_SEQUENCE_PLUS_2(Transport.TCP),
        SYN_ACK_ACKNOWLEDGING_SEQUENCE(Transport.TCP),
        SYN_ACK_FROM_ANOTHER_PORT(Transport.TCP),
        SYN_ACK_TO_ANOTHER_PORT(Transport.TCP),
        SYN_ACK_FROM_ANOTHER_ADDRESS(Transport.TCP),
        RST_FROM_ANOTHER_PORT(Transport.TCP),
        RST_TO_ANOTHER_PORT(Transport.TCP),
        QUOTING_ANOTHER_NONCE(Transport.UDP),
        QUOTING_ANOTHER_CHECKSUM(Transport.UDP),
        QUOTING_ANOTHER_LENGTH(Transport.UDP),
        QUOTING_ANOTHER_SOURCE_PORT(Transport.UDP),
        QUOTING_ANOTHER_PORT(Transport.UDP),
        QUOTING_ANOTHER_DESTINATION(Transport.UDP);

        final Transport transport;

        Forgery(Transport transport) {
            this.transport = transport;
        }
    }

    static final int TTL = 99;
    static final long GENUINE_DELAY_MILLIS = 200;
    private static final int OTHER = 0x7f000006;
    private static final int IPPROTO_RAW = 255;
    private static final int SO_RCVTIMEO = 20;
    private static final ValueLayout.OfShort WORD = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private final Arena arena = Arena.ofShared();
    private final int tcp;
    private final int udp;
    private final int sender;
    private final Thread[] listeners;
    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
    private volatile Forgery forgery = Forgery.NONE;
    private volatile boolean closed;

    /** Must be created on a thread inside the namespace. */
    TransportForger() throws Throwable {
        tcp = TestNatives.rawSocket(Libc.AF_INET, Libc.IPPROTO_TCP);
        udp = TestNatives.rawSocket(Libc.AF_INET, Libc.IPPROTO_UDP);
        sender = TestNatives.rawSocket(Libc.AF_INET, IPPROTO_RAW); // IP header ours: source and TTL chosen
        MemorySegment tenthOfASecond = arena.allocate(16);
        tenthOfASecond.set(ValueLayout.JAVA_LONG, 8, 100_000); // so that the listeners see close() soon
        Libc.CallState state = new Libc.CallState(arena);
        Libc.setsockopt(state, tcp, Libc.SOL_SOCKET, SO_RCVTIMEO, tenthOfASecond);
        Libc.setsockopt(state, udp, Libc.SOL_SOCKET, SO_RCVTIMEO, tenthOfASecond);
        listeners = new Thread[] {
                Thread.ofPlatform().daemon(true).start(() -> listen(tcp, Transport.TCP)),
                Thread.ofPlatform().daemon(true).start(() -> listen(udp, Transport.UDP))};
    }

    void forge(Forgery forgery) {
        this.forgery = forgery;
    }

    private void listen(int socket, Transport transport) {
        MemorySegment buffer = arena.allocate(2_048);
        while (!closed) {
            try {
                int length = (int) TestNatives.recv(socket, buffer);
                int ip = (buffer.get(ValueLayout.JAVA_BYTE, 0) & 0x0f) * 4;
                if (length < ip + 8 || buffer.get(INT, 16) != 0x7f000005) {
                    continue; // a timeout, or not to the host played here
                }
                if (transport == Transport.TCP && (buffer.get(ValueLayout.JAVA_BYTE, ip + 13) & 0x3f) == SegmentWriter.SYN) {
                    answerSyn(buffer, ip);
                } else if (transport == Transport.UDP) {
                    answerDatagram(buffer, length);
                }
            } catch (Throwable failed) {
                if (!closed) {
                    throw new IllegalStateException(failed);
                }
            }
        }
    }

    private void answerSyn(MemorySegment syn, int ip) {
        int client = syn.get(INT, 12);
        int clientPort = syn.get(WORD, ip) & 0xffff;
        int port = syn.get(WORD, ip + 2) & 0xffff;
        int sequence = syn.get(INT, ip + 4);
        int synAck = SegmentWriter.SYN | SegmentWriter.ACK;
        int rst = SegmentWriter.RST | SegmentWriter.ACK;
        switch (forgery) {
            case NONE -> { }
            case SYN_ACK_ACKNOWLEDGING_SEQUENCE_PLUS_2 -> sendSegment(0x7f000005, client, port, clientPort, sequence + 2, synAck);
            case SYN_ACK_ACKNOWLEDGING_SEQUENCE -> sendSegment(0x7f000005, client, port, clientPort, sequence, synAck);
            case SYN_ACK_FROM_ANOTHER_PORT -> sendSegment(0x7f000005, client, port + 1, clientPort, sequence + 1, synAck);
            case SYN_ACK_TO_ANOTHER_PORT -> sendSegment(0x7f000005, client, port, clientPort + 1, sequence + 1, synAck);
            case SYN_ACK_FROM_ANOTHER_ADDRESS -> sendSegment(OTHER, client, port, clientPort, sequence + 1, synAck);
            case RST_FROM_ANOTHER_PORT -> sendSegment(0x7f000005, client, port + 1, clientPort, sequence + 1, rst);
            case RST_TO_ANOTHER_PORT -> sendSegment(0x7f000005, client, port, clientPort + 1, sequence + 1, rst);
            default -> throw new IllegalStateException(forgery + " is not a TCP answer");
        }
        later.schedule(() -> sendSegment(0x7f000005, client, port, clientPort, sequence + 1,
                sequence % 2 == 0 ? synAck : rst), GENUINE_DELAY_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** An IPv4 packet with a 20-byte TCP header, checksums right. */
    private void sendSegment(int source, int target, int sourcePort, int port, int acknowledged, int flags) {
        MemorySegment packet = arena.allocate(40);
        ipHeader(packet, source, target, Libc.IPPROTO_TCP, 40);
        packet.set(WORD, 20, (short) sourcePort);
        packet.set(WORD, 22, (short) port);
        packet.set(INT, 24, 0x0badcafe);
        packet.set(INT, 28, acknowledged);
        packet.set(WORD, 32, (short) (5 << 12 | flags));
        packet.set(WORD, 34, (short) 65_535);
        int sum = Checksum.fold((long) SegmentWriter.pseudoHeaderSum(Family.V4, 0, source & 0xffffffffL, 0,
                target & 0xffffffffL, Libc.IPPROTO_TCP, 20) + Checksum.sum(packet, 20, 20));
        packet.set(WORD, 36, (short) Checksum.complement(sum));
        send(packet, 40, target);
    }

    /** The host's port unreachable, quoting the whole datagram, once forged and once genuine. */
    private void answerDatagram(MemorySegment datagram, int length) {
        Forgery kind = forgery;
        if (kind.transport == Transport.UDP) {
            MemorySegment quoted = arena.allocate(length);
            MemorySegment.copy(datagram, 0, quoted, 0, length);
            int udp = (quoted.get(ValueLayout.JAVA_BYTE, 0) & 0x0f) * 4;
            switch (kind) {
                case QUOTING_ANOTHER_NONCE -> flip(quoted, udp + SegmentWriter.UDP_HEADER + EchoRequest.NONCE_OFFSET + 7);
                // far from the ids of the probes in flight: it names no other probe's slot
                case QUOTING_ANOTHER_CHECKSUM -> add(quoted, udp + 6, 0x4000);
                case QUOTING_ANOTHER_LENGTH -> add(quoted, udp + 4, 1);
                case QUOTING_ANOTHER_SOURCE_PORT -> add(quoted, udp, 1);
                case QUOTING_ANOTHER_PORT -> add(quoted, udp + 2, 1);
                case QUOTING_ANOTHER_DESTINATION -> quoted.set(INT, 16, OTHER);
                default -> throw new IllegalStateException(kind + " is not a UDP answer");
            }
            sendPortUnreachable(quoted, length);
        }
        MemorySegment genuine = arena.allocate(length);
        MemorySegment.copy(datagram, 0, genuine, 0, length);
        later.schedule(() -> sendPortUnreachable(genuine, length), GENUINE_DELAY_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void sendPortUnreachable(MemorySegment quoted, int quotedLength) {
        int client = quoted.get(INT, 12);
        int length = 28 + quotedLength;
        MemorySegment packet = arena.allocate(length);
        ipHeader(packet, 0x7f000005, client, Libc.IPPROTO_ICMP, length);
        packet.set(ValueLayout.JAVA_BYTE, 20, (byte) Family.V4.unreachable);
        packet.set(ValueLayout.JAVA_BYTE, 21, (byte) Family.V4.portUnreachable());
        MemorySegment.copy(quoted, 0, packet, 28, quotedLength);
        packet.set(WORD, 22, (short) Checksum.complement(Checksum.sum(packet, 20, length - 20)));
        send(packet, length, client);
    }

    private static void ipHeader(MemorySegment packet, int source, int target, int protocol, int length) {
        packet.set(ValueLayout.JAVA_BYTE, 0, (byte) 0x45);
        packet.set(WORD, 2, (short) length);
        packet.set(ValueLayout.JAVA_BYTE, 8, (byte) TTL);
        packet.set(ValueLayout.JAVA_BYTE, 9, (byte) protocol);
        packet.set(INT, 12, source);
        packet.set(INT, 16, target); // the kernel fills in the header checksum
    }

    private void send(MemorySegment packet, int length, int target) {
        byte[] address = {(byte) (target >>> 24), (byte) (target >>> 16), (byte) (target >>> 8), (byte) target};
        try {
            TestNatives.sendTo(sender, packet, length, TestNatives.sockaddr(arena, address));
        } catch (Throwable failed) {
            throw new IllegalStateException(failed);
        }
    }

    private static void flip(MemorySegment packet, long offset) {
        packet.set(ValueLayout.JAVA_BYTE, offset, (byte) ~packet.get(ValueLayout.JAVA_BYTE, offset));
    }

    private static void add(MemorySegment packet, long offset, int amount) {
        packet.set(WORD, offset, (short) (packet.get(WORD, offset) + amount));
    }

    @Override
    public void close() throws Exception {
        closed = true;
        later.shutdownNow();
        later.awaitTermination(2, TimeUnit.SECONDS);
        for (Thread listener : listeners) {
            listener.join(2_000);
        }
        try {
            TestNatives.close(tcp);
            TestNatives.close(udp);
            TestNatives.close(sender);
        } catch (Throwable failed) {
            throw new Exception(failed);
        }
        arena.close();
    }
}
