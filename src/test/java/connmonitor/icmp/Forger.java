package connmonitor.icmp;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;

/**
 * Plays the pinged host in a namespace where the kernel does not answer pings: it hears our echo
 * requests on a raw socket and answers them as a test wants — genuinely, late, twice, or with forged
 * packets that carry our identifier and sequence but must never count.
 */
final class Forger implements AutoCloseable {

    enum Answer { GENUINE, FLIPPED_PAYLOAD_BYTE, BAD_CHECKSUM, WRONG_NONCE, FROM_ANOTHER_ADDRESS }

    private static final ValueLayout.OfShort WORD = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private final int host;
    private final int other;
    private final Thread listener;
    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
    private final Arena arena = Arena.ofShared();
    private final MemorySegment reply;
    private volatile Answer[] answers = {};
    private volatile long delayMillis;
    private volatile IntPredicate delayWhen = sequence -> false;
    private volatile int duplicates = 1;
    private volatile int identifierHeard = -1;

    /** Must be created on a thread that is inside the namespace. */
    Forger(byte[] host, byte[] other) throws Exception {
        try {
            this.host = TestNatives.rawSocketBoundTo(host);
            this.other = TestNatives.rawSocketBoundTo(other);
        } catch (Throwable failed) {
            throw new Exception(failed);
        }
        this.reply = TestNatives.sockaddr(arena, host);
        // thousands of requests may come in one burst: room for them while the listener catches up
        Libc.setsockopt(new Libc.CallState(arena), this.host, Libc.SOL_SOCKET, Libc.SO_RCVBUFFORCE,
                arena.allocateFrom(ValueLayout.JAVA_INT, 8 << 20));
        this.listener = Thread.ofPlatform().daemon(true).start(this::listen);
    }

    /** Answers every request with these packets, in this order. */
    void answerWith(Answer... answers) {
        this.answers = answers.clone();
    }

    void sendGenuineTimes(int times) {
        this.duplicates = times;
    }

    /** Delays the answers to requests whose sequence matches. */
    void delay(long millis, IntPredicate sequences) {
        this.delayMillis = millis;
        this.delayWhen = sequences;
    }

    /** The identifier of the last echo request heard, or -1 before the first. */
    int identifierHeard() {
        return identifierHeard;
    }

    private void listen() {
        MemorySegment buffer = arena.allocate(70_000);
        while (true) {
            long length;
            try {
                length = TestNatives.recv(host, buffer);
            } catch (Throwable closed) {
                return;
            }
            if (length <= 0) {
                return;
            }
            int ip = (buffer.get(ValueLayout.JAVA_BYTE, 0) & 0x0f) * 4;
            if ((buffer.get(ValueLayout.JAVA_BYTE, ip) & 0xff) != 8) {
                continue; // only echo requests are ours to answer
            }
            int icmpLength = (int) length - ip;
            MemorySegment request = arena.allocate(icmpLength);
            MemorySegment.copy(buffer, ip, request, 0, icmpLength);
            int sequence = request.get(WORD, 6) & 0xffff;
            identifierHeard = request.get(WORD, 4) & 0xffff;
            Runnable answer = () -> answer(request, icmpLength);
            if (delayWhen.test(sequence)) {
                later.schedule(answer, delayMillis, TimeUnit.MILLISECONDS);
            } else {
                answer.run();
            }
        }
    }

    private void answer(MemorySegment request, int length) {
        try {
            for (Answer kind : answers) {
                MemorySegment packet = arena.allocate(length);
                MemorySegment.copy(request, 0, packet, 0, length);
                packet.set(ValueLayout.JAVA_BYTE, 0, (byte) 0);
                switch (kind) {
                    case FLIPPED_PAYLOAD_BYTE -> flip(packet, length - 1);
                    case WRONG_NONCE -> flip(packet, EchoRequest.HEADER + EchoRequest.NONCE_OFFSET);
                    default -> { }
                }
                packet.set(WORD, 2, (short) 0);
                packet.set(WORD, 2, (short) Checksum.complement(Checksum.sum(packet, 0, length)));
                if (kind == Answer.BAD_CHECKSUM) {
                    flip(packet, 2);
                }
                int socket = kind == Answer.FROM_ANOTHER_ADDRESS ? other : host;
                for (int i = 0; i < (kind == Answer.GENUINE ? duplicates : 1); i++) {
                    TestNatives.sendTo(socket, packet, length, reply);
                }
            }
        } catch (Throwable failed) {
            throw new IllegalStateException(failed);
        }
    }

    private static void flip(MemorySegment packet, long offset) {
        packet.set(ValueLayout.JAVA_BYTE, offset, (byte) ~packet.get(ValueLayout.JAVA_BYTE, offset));
    }

    @Override
    public void close() throws Exception {
        later.shutdownNow();
        try {
            TestNatives.close(host);
            TestNatives.close(other);
        } catch (Throwable failed) {
            throw new Exception(failed);
        }
        listener.join(2_000);
    }
}
