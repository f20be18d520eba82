package connmonitor.cli;

/** How the process ends, as scripts and systemd see it. */
public enum ExitCode {
    /** Normal end: version or help printed, config valid, or stopped by SIGTERM/SIGINT. */
    OK(0),
    /** Bad command line or config, no usable host, unreadable config on reload, broken output. */
    FAILURE(1),
    /** The machine refused what the program needs (e.g. no ICMP socket of any kind). */
    SYSTEM(2);

    public final int code;

    ExitCode(int code) {
        this.code = code;
    }
}
