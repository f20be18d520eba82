package connmonitor.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Starts tcpdump so that a test knows it sees packets from then on. */
public final class Tcpdump {

    private Tcpdump() {
    }

    /**
     * Runs a tcpdump command (behind whatever prefix runs it where its device is, such as {@code ip netns exec NS})
     * and returns once it says "listening on": packets sent before that pass unseen, and a fixed sleep may end
     * first on a stalled machine. Its stderr is drained afterwards so that its pipe never fills.
     */
    public static Process startListening(List<String> command, ProcessBuilder.Redirect output) throws IOException {
        Process tcpdump = new ProcessBuilder(command).redirectOutput(output).start();
        try {
            BufferedReader stderr = new BufferedReader(new InputStreamReader(tcpdump.getErrorStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = stderr.readLine()) != null && !line.contains("listening on")) {
                // tcpdump says what it does before it listens; only "listening on" means packets are seen
            }
            if (line == null) {
                throw new IOException("tcpdump ended before it listened: " + String.join(" ", command));
            }
            Thread.ofVirtual().start(() -> drain(stderr));
            return tcpdump;
        } catch (IOException | RuntimeException failed) {
            tcpdump.destroyForcibly();
            throw failed;
        }
    }

    private static void drain(BufferedReader stderr) {
        try {
            while (stderr.readLine() != null) {
                // tcpdump's closing counts: not needed, but its pipe must not fill
            }
        } catch (IOException ended) {
            // the process is gone
        }
    }
}
