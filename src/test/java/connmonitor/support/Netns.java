package connmonitor.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bare network namespace with only loopback, for tests that must change per-namespace settings
 * (sysctls, nftables, resolv.conf) without touching the machine. Removed on close, even after a failure.
 */
public final class Netns implements AutoCloseable {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final String name;

    private Netns(String name) {
        this.name = name;
    }

    /** A new namespace with loopback up; the name is unique to this process and call. */
    public static Netns create() throws IOException, InterruptedException {
        String name = "cmt" + ProcessHandle.current().pid() + "x" + COUNTER.incrementAndGet();
        run(List.of("ip", "netns", "add", name));
        Netns netns = new Netns(name);
        try {
            netns.run("ip", "link", "set", "lo", "up");
        } catch (IOException | RuntimeException failed) {
            netns.close();
            throw failed;
        }
        return netns;
    }

    public String name() {
        return name;
    }

    /** The command line that runs {@code command} inside this namespace. */
    public List<String> command(String... command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
        full.addAll(Arrays.asList(command));
        return full;
    }

    public List<String> command(List<String> command) {
        return command(command.toArray(String[]::new));
    }

    /** Runs a command inside the namespace and returns its output; fails when it exits non-zero. */
    public String run(String... command) throws IOException, InterruptedException {
        return run(command(command));
    }

    /**
     * A veth wire from this namespace ({@code device}, {@code address}/30) to {@code peer} ({@code peerDevice},
     * {@code peerAddress}/30), both ends up, with the given MTU.
     */
    public void wireTo(Netns peer, String device, String address, String peerDevice, String peerAddress, int mtu)
            throws IOException, InterruptedException {
        String size = Integer.toString(mtu);
        run("ip", "link", "add", device, "mtu", size, "type", "veth", "peer", "name", peerDevice, "mtu", size,
                "netns", peer.name());
        run("ip", "addr", "add", address + "/30", "dev", device);
        run("ip", "link", "set", device, "up");
        peer.run("ip", "addr", "add", peerAddress + "/30", "dev", peerDevice);
        peer.run("ip", "link", "set", peerDevice, "up");
    }

    public void sysctl(String key, String value) throws IOException, InterruptedException {
        run("sysctl", "-q", "-w", key + "=" + value);
    }

    /** Makes name lookups inside the namespace ask 127.0.0.1 only, so no query leaves the machine. */
    public void localResolverOnly() throws IOException {
        Path dir = Path.of("/etc/netns", name);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("resolv.conf"), "nameserver 127.0.0.1\noptions timeout:1 attempts:1\n");
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        new ProcessBuilder("ip", "netns", "del", name).redirectErrorStream(true).start().waitFor();
        Path dir = Path.of("/etc/netns", name);
        if (Files.exists(dir)) {
            try (var files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(dir);
        }
    }
}
