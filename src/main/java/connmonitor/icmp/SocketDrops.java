package connmonitor.icmp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * How many packets the kernel dropped at the engines' sockets because their receive buffers were full:
 * replies that came back from the network but found no room, because the engine threads did not read
 * them in time (an overloaded or CPU-starved machine). The probes count them as lost like the network's
 * losses, so this count tells the two apart. Read from the {@code drops} column of /proc/net/raw, raw6
 * (raw sockets) and icmp, icmp6 (ping sockets), matched to the engines' sockets by inode, off the engine
 * threads: the engines' own code does not change. Counts only what happened after this was created,
 * and never goes down (a socket that closes keeps what it had dropped).
 * <p>
 * The kernel counts every packet that arrives while the buffer is full; Linux 6.18 checks that before
 * the socket's filters, so packets they would have turned away count too (another program's ICMP, and
 * the echo requests to a local address that loop back: 2 drops per lost reply from 127.0.0.1, 1 from
 * another machine, measured in SocketDropsWarningTest). Nonzero always means the engine did not read in
 * time; the count is an upper bound of the replies that were lost that way.
 */
public final class SocketDrops {

    /** The /proc/net tables that list raw and ping sockets, each with a drops column. */
    static final List<String> TABLES = List.of("raw", "raw6", "icmp", "icmp6");

    /** The tables of the calling thread's network namespace (/proc/self/net would be the main thread's). */
    static final Path PROC_NET = Path.of("/proc/thread-self/net");

    private final Path procNet;
    private final Path fdDirectory;
    private final Function<Boolean, int[]> fds;
    private final Map<Long, Long> lastSeen = new HashMap<>();
    private final long[] totals = new long[2];

    SocketDrops(Path procNet, Path fdDirectory, Function<Boolean, int[]> fds) {
        this.procNet = procNet;
        this.fdDirectory = fdDirectory;
        this.fds = fds;
        sample();
        totals[0] = 0; // what the sockets dropped before (say another program's flood before the filters were on)
        totals[1] = 0;
    }

    /** Drops at the sockets of every engine of {@code engines}, from now on. */
    public static SocketDrops of(EngineShards engines) {
        return new SocketDrops(PROC_NET, Path.of("/proc/self/fd"), engines::socketFds);
    }

    static SocketDrops of(IcmpEngine engine) {
        return new SocketDrops(PROC_NET, Path.of("/proc/self/fd"),
                ipv6 -> engine.socketFds(ipv6).toArray());
    }

    /** Reads the kernel's counts now (a few small files: every few seconds, not per packet). */
    public synchronized void sample() {
        Map<Long, Long> drops = new HashMap<>();
        for (String table : TABLES) {
            try {
                drops.putAll(dropsByInode(Files.readAllLines(procNet.resolve(table))));
            } catch (IOException | RuntimeException unreadable) {
                // no such table (IPv6 off, no ping sockets): nothing of ours is in it
            }
        }
        for (int family = 0; family < 2; family++) {
            for (int fd : fds.apply(family == 1)) {
                long inode = inodeOf(fdDirectory, fd);
                Long now = inode < 0 ? null : drops.get(inode);
                if (now != null) {
                    long before = lastSeen.getOrDefault(inode, 0L);
                    totals[family] += Math.max(0, now - before);
                    lastSeen.put(inode, Math.max(now, before));
                }
            }
        }
    }

    /** Packets dropped at a family's full engine sockets so far, as of the last {@link #sample}. */
    public synchronized long total(boolean ipv6) {
        return totals[ipv6 ? 1 : 0];
    }

    /**
     * A /proc/net/raw (raw6, icmp, icmp6) table's drops by socket inode. Every row is
     * {@code sl local rem st tx:rx tr:when retrnsmt uid timeout inode ref pointer drops}; the header
     * and rows that are not like that are skipped.
     */
    static Map<Long, Long> dropsByInode(List<String> lines) {
        Map<Long, Long> drops = new HashMap<>();
        for (String line : lines) {
            String[] fields = line.strip().split("\\s+");
            if (fields.length < 13 || !fields[0].endsWith(":")) {
                continue;
            }
            try {
                drops.put(Long.parseLong(fields[9]), Long.parseLong(fields[fields.length - 1]));
            } catch (NumberFormatException notARow) {
                // a header or a format this kernel does not have: nothing to count
            }
        }
        return drops;
    }

    /** The inode of the socket open as {@code fd} ({@code socket:[INODE]}), or -1 when it is none. */
    static long inodeOf(Path fdDirectory, int fd) {
        try {
            String target = Files.readSymbolicLink(fdDirectory.resolve(Integer.toString(fd))).toString();
            if (target.startsWith("socket:[") && target.endsWith("]")) {
                return Long.parseLong(target, "socket:[".length(), target.length() - 1, 10);
            }
        } catch (IOException | NumberFormatException | UnsupportedOperationException gone) {
            // closed meanwhile: nothing to read
        }
        return -1;
    }
}
