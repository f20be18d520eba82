package connmonitor.support;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Packet loss on the loopback without a lab: an nftables table of its own (unique name per run) that
 * drops a share of the ICMP echo requests arriving for given 127.x addresses before the kernel answers
 * them. Only those addresses are touched; the table is deleted on close.
 */
public final class EchoDrops implements AutoCloseable {

    private final String table;

    private EchoDrops(String table) {
        this.table = table;
    }

    /** Drops this percentage (1..100) of the echo requests to each address, at random. */
    public static EchoDrops start(Map<String, Integer> percentByAddress) throws IOException, InterruptedException {
        String table = "cmtest_" + ProcessHandle.current().pid() + "_" + ThreadLocalRandom.current().nextInt(1_000_000);
        StringBuilder rules = new StringBuilder("table inet " + table + " {\n chain input {\n"
                + "  type filter hook input priority 0; policy accept;\n");
        percentByAddress.forEach((address, percent) -> rules.append("  ip daddr ").append(address)
                .append(" icmp type echo-request ")
                .append(percent >= 100 ? "" : "numgen random mod 100 < " + percent + " ").append("drop\n"));
        rules.append(" }\n}\n");
        nft(List.of("-f", "-"), rules.toString());
        return new EchoDrops(table);
    }

    @Override
    public void close() throws IOException {
        try {
            nft(List.of("delete", "table", "inet", table), "");
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while deleting nft table " + table, interrupted);
        }
    }

    private static void nft(List<String> args, String stdin) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("nft"));
        command.addAll(args);
        Process nft = new ProcessBuilder(command).redirectErrorStream(true).start();
        nft.getOutputStream().write(stdin.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        nft.getOutputStream().close();
        String output = new String(nft.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!nft.waitFor(10, TimeUnit.SECONDS) || nft.exitValue() != 0) {
            throw new IOException("nft " + args + " failed: " + output);
        }
    }
}
