package connmonitor.icmp;

import connmonitor.support.Netns;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SocketDrops} reads the kernel's own tables: a raw socket that nobody reads, flooded with echo
 * replies in a namespace of its own, shows its real drops in /proc/net/raw, and an IPv6 one its row in
 * /proc/net/raw6 (wider addresses, the same columns).
 */
class SocketDropsProcTest {

    private static final Path FDS = Path.of("/proc/self/fd");

    @Test
    @Tag("root")
    void aFullRawSocketsDropsAreReadFromProcNetRawByItsInode() throws Exception {
        try (Netns netns = Netns.create()) {
            ExecutorService inNamespace = Executors.newSingleThreadExecutor();
            try {
                inNamespace.submit(() -> {
                    try {
                        floodAnUnreadSocket(netns);
                    } catch (Throwable failed) {
                        throw new AssertionError(failed);
                    }
                    return null;
                }).get(30, TimeUnit.SECONDS);
            } finally {
                inNamespace.shutdownNow();
            }
        }
    }

    private static void floodAnUnreadSocket(Netns netns) throws Throwable {
        TestNatives.enterNetns(netns.name());
        int unread = TestNatives.rawSocket(Libc.AF_INET, Libc.IPPROTO_ICMP);
        int unread6 = TestNatives.rawSocket(Libc.AF_INET6, Libc.IPPROTO_ICMPV6);
        int flooder = TestNatives.rawSocketBoundTo(new byte[] {127, 0, 0, 7});
        try (Arena arena = Arena.ofConfined()) {
            long inode = SocketDrops.inodeOf(FDS, unread);
            long inode6 = SocketDrops.inodeOf(FDS, unread6);
            assertThat(inode).isPositive();
            assertThat(inode6).isPositive().isNotEqualTo(inode);
            Map<Long, Long> before = table("raw");
            assertThat(before).containsEntry(inode, 0L);
            // 20 replies of 60,000 bytes: the default 208 kB receive buffer holds three of them
            ForgedEchoReplies.send(arena, flooder, 4321, 20);
            Map<Long, Long> after = table("raw");
            assertThat(after.get(inode)).as("drops of the unread socket").isBetween(10L, 20L);
            assertThat(after.get(SocketDrops.inodeOf(FDS, flooder))).as("bound elsewhere: hears none")
                    .isZero();
            assertThat(table("raw6")).containsEntry(inode6, 0L).doesNotContainKey(inode);
        } finally {
            TestNatives.close(unread);
            TestNatives.close(unread6);
            TestNatives.close(flooder);
        }
    }

    @Test
    void headersAndForeignRowsAreSkipped() {
        Map<Long, Long> drops = SocketDrops.dropsByInode(List.of(
                "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops",
                "   1: 00000000:0001 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 4242 2 0000000000000000 17",
                "garbage",
                ""));
        assertThat(drops).containsExactlyEntriesOf(Map.of(4242L, 17L));
    }

    @Test
    void aDescriptorThatIsNoSocketHasNoInode() throws Exception {
        assertThat(SocketDrops.inodeOf(FDS, 0)).isEqualTo(-1); // stdin: a file or a pipe under surefire
        assertThat(SocketDrops.inodeOf(FDS, 1_000_000)).isEqualTo(-1);
    }

    /** /proc/net/TABLE of the calling thread's namespace, as {@link SocketDrops} reads it. */
    private static Map<Long, Long> table(String name) throws Exception {
        return SocketDrops.dropsByInode(Files.readAllLines(SocketDrops.PROC_NET.resolve(name)));
    }
}
