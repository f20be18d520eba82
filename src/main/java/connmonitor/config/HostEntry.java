package connmonitor.config;

/** A config line that parsed: the host exactly as written, its options, and where it stood. */
public record HostEntry(int line, String host, Options options) {
}
