package connmonitor.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ICMP echoes tcpdump saw on one device, each with the kernel's time of its request and of its first
 * reply there: the round trip a packet really took past that device, the witness an RTT is checked
 * against. A request's time is taken as it is handed to the device's driver, a reply's as the device hands
 * it up (the same stamp SO_TIMESTAMPNS gives the socket), so a tool's RTT for a packet may exceed the
 * packet's wire time by the tool's own way from its clock to the device, and can never be shorter.
 */
public final class EchoCapture implements AutoCloseable {

    /** One echo seen on the device; {@code replyNanos} is -1 when no reply was seen. */
    public record WireEcho(int identifier, int sequence, long requestNanos, long replyNanos) {

        public double rttMillis() {
            return (replyNanos - requestNanos) / 1e6;
        }

        public boolean answered() {
            return replyNanos >= 0;
        }
    }

    private static final Pattern ECHO = Pattern.compile(
            "^(\\d+)\\.(\\d{9}) IP6? .*ICMP6?,? echo (request|reply), id (\\d+), seq (\\d+)");

    private final List<String> prefix;
    private final Path file;
    private final Process tcpdump;

    private EchoCapture(List<String> prefix, Path file, Process tcpdump) {
        this.prefix = prefix;
        this.file = file;
        this.tcpdump = tcpdump;
    }

    /**
     * Starts capturing ICMP and ICMPv6 echoes on {@code device}; returns once tcpdump listens.
     *
     * @param prefix the command that runs a program where the device is ({@code ip netns exec NS}), or empty
     */
    public static EchoCapture start(List<String> prefix, String device) throws IOException {
        Path file = Files.createTempFile("echoes", ".pcap");
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of("tcpdump", "-i", device, "--immediate-mode", "-U", "-n", "-s", "128", "-B", "4096", "--time-stamp-precision=nano", "-w", file.toString(),
                "icmp[0] == 0 or icmp[0] == 8 or icmp6[0] == 128 or icmp6[0] == 129"));
        // immediate mode gives fixed ring slots of the snapshot length: 128 bytes keep thousands of packets
        try {
            return new EchoCapture(prefix, file, Tcpdump.startListening(command, ProcessBuilder.Redirect.DISCARD));
        } catch (IOException | RuntimeException failed) {
            Files.deleteIfExists(file);
            throw failed;
        }
    }

    /** Stops capturing and returns every echo request seen, with its first reply, in the order of the requests. */
    public List<WireEcho> stop() throws IOException, InterruptedException {
        Thread.sleep(200); // immediate mode, but the last packets still pass through tcpdump's hands
        tcpdump.destroy(); // SIGTERM: tcpdump closes its file properly
        if (!tcpdump.waitFor(10, TimeUnit.SECONDS)) {
            tcpdump.destroyForcibly();
        }
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of("tcpdump", "-r", file.toString(), "-n", "-tt", "--time-stamp-precision=nano"));
        Process reader = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String text = new String(reader.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        reader.waitFor();
        return parse(text);
    }

    static List<WireEcho> parse(String text) {
        List<long[]> echoes = new ArrayList<>(); // identifier, sequence, request time, reply time
        Map<Long, long[]> open = new HashMap<>(); // (identifier, sequence) -> its latest request
        for (String line : text.lines().toList()) {
            Matcher echo = ECHO.matcher(line);
            if (!echo.find()) {
                continue;
            }
            long nanos = Long.parseLong(echo.group(1)) * 1_000_000_000L + Long.parseLong(echo.group(2));
            long identifier = Long.parseLong(echo.group(4));
            long sequence = Long.parseLong(echo.group(5));
            long key = identifier << 16 | sequence;
            if (echo.group(3).equals("request")) {
                long[] request = {identifier, sequence, nanos, -1}; // a tool may use a sequence again
                echoes.add(request);
                open.put(key, request);
            } else if (open.containsKey(key) && open.get(key)[3] < 0) {
                open.get(key)[3] = nanos; // the first reply: a duplicate is not the round trip
            }
        }
        return echoes.stream().map(e -> new WireEcho((int) e[0], (int) e[1], e[2], e[3])).toList();
    }

    @Override
    public void close() throws IOException {
        tcpdump.destroyForcibly();
        Files.deleteIfExists(file);
    }
}
