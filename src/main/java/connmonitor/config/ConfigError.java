package connmonitor.config;

/** One problem found in a config, tied to its line (1-based; 0 when it is about the config as a whole). */
public record ConfigError(int line, String reason) {

    @Override
    public String toString() {
        return line > 0 ? "line " + line + ": " + reason : reason;
    }
}
