package connmonitor.config;

/** A config line that parsed: the host exactly as written, its options, and where it stood. */
public record HostEntry(int line, String host, Options options, FleetOptions fleet) {

    /** A line with none of the options beyond connmonitor 4.x's. */
    public HostEntry(int line, String host, Options options) {
        this(line, host, options, FleetOptions.DEFAULTS);
    }
}
