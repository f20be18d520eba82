package connmonitor.icmp;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every call goes through one downcall shape of 64-bit integers (see {@link Libc}): ints must arrive
 * as ints (negative ones too), pointers as the memory they name, and int and long results come back
 * with their sign, errno beside them. Needs no privileges: UDP and eventfd only.
 */
class LibcTest {

    private static final int EBADF = 9;

    @Test
    void negativeIntResultsAndErrnoComeBack() {
        try (Arena arena = Arena.ofConfined()) {
            Libc.CallState state = new Libc.CallState(arena);
            assertThat(Libc.close(state, -1)).isEqualTo(-1);
            assertThat(state.errno()).isEqualTo(EBADF);
            MemorySegment buffer = arena.allocate(8);
            assertThat(Libc.read(state, -1, buffer, 8)).isEqualTo(-1L);
            assertThat(state.errno()).isEqualTo(EBADF);
            assertThat(Libc.strerror(EBADF)).isEqualTo("Bad file descriptor");
        }
    }

    @Test
    void pointersCarryValuesBothWays() {
        try (Arena arena = Arena.ofConfined()) {
            Libc.CallState state = new Libc.CallState(arena);
            int fd = Libc.socket(state, Libc.AF_INET, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, 0);
            assertThat(fd).isGreaterThanOrEqualTo(0);
            try {
                MemorySegment value = arena.allocate(8);
                value.set(JAVA_INT, 0, 10_000);
                assertThat(Libc.setsockopt(state, fd, Libc.SOL_SOCKET, Libc.SO_RCVBUF, value.asSlice(0, 4)))
                        .isZero();
                value.set(JAVA_INT, 0, 0);
                assertThat(Libc.getsockopt(state, fd, Libc.SOL_SOCKET, Libc.SO_RCVBUF, value)).isZero();
                assertThat(value.get(JAVA_INT, 0)).isEqualTo(20_000); // the kernel doubles what it is asked
                assertThat(value.get(JAVA_INT, 4)).isEqualTo(4); // socklen_t written back through the second pointer
            } finally {
                assertThat(Libc.close(state, fd)).isZero();
            }
        }
    }

    @Test
    void aDatagramGoesOutAndIsRead() {
        try (Arena arena = Arena.ofConfined()) {
            Libc.CallState state = new Libc.CallState(arena);
            int receiver = Libc.socket(state, Libc.AF_INET, Libc.SOCK_DGRAM | Libc.SOCK_NONBLOCK, 0);
            int sender = Libc.socket(state, Libc.AF_INET, Libc.SOCK_DGRAM, 0);
            try {
                MemorySegment name = sockaddrIn(arena, 0);
                assertThat(Libc.bind(state, receiver, name, 16)).isZero();
                MemorySegment length = arena.allocate(JAVA_INT);
                length.set(JAVA_INT, 0, 16);
                assertThat(Libc.getsockname(state, receiver, name, length)).isZero();
                MemorySegment payload = arena.allocateFrom("0123456789");
                assertThat(Libc.sendto(state, sender, payload, 10, 0, name, 16)).isEqualTo(10L);
                MemorySegment into = arena.allocate(64);
                long read = -1;
                long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                while (read < 0 && System.nanoTime() < end) { // loopback: there at once, or nearly
                    read = Libc.read(state, receiver, into, 64);
                }
                assertThat(read).isEqualTo(10L);
                assertThat(into.getString(0)).isEqualTo("0123456789");
            } finally {
                Libc.close(state, receiver);
                Libc.close(state, sender);
            }
        }
    }

    @Test
    void anEventfdCountsWhatIsWritten() {
        try (Arena arena = Arena.ofConfined()) {
            Libc.CallState state = new Libc.CallState(arena);
            int fd = Libc.eventfd(state, 0, Libc.EFD_NONBLOCK | Libc.EFD_CLOEXEC);
            assertThat(fd).isGreaterThanOrEqualTo(0);
            try {
                MemorySegment value = arena.allocate(JAVA_LONG);
                value.set(JAVA_LONG, 0, 0x1_0000_0003L); // above 32 bits: a long travels whole
                Libc.writeIgnoringErrors(fd, value, 8);
                value.set(JAVA_LONG, 0, 0);
                assertThat(Libc.read(state, fd, value, 8)).isEqualTo(8L);
                assertThat(value.get(JAVA_LONG, 0)).isEqualTo(0x1_0000_0003L);
            } finally {
                Libc.close(state, fd);
            }
        }
    }

    @Test
    void theClockIsTheSystemClock() {
        try (Arena arena = Arena.ofConfined()) {
            long nanos = Libc.realtimeNanos(arena.allocate(16, 8));
            assertThat(nanos / 1_000_000).isCloseTo(System.currentTimeMillis(), Offset.offset(1_000L));
        }
    }

    /** struct sockaddr_in for 127.0.0.1 and {@code port}. */
    private static MemorySegment sockaddrIn(Arena arena, int port) {
        MemorySegment name = arena.allocate(16, 8);
        name.set(JAVA_SHORT, 0, (short) Libc.AF_INET);
        name.set(JAVA_SHORT, 2, Short.reverseBytes((short) port));
        name.set(JAVA_INT, 4, Integer.reverseBytes(0x7f000001));
        return name;
    }
}
