package connmonitor.cli;

/** How the process ends, as scripts and systemd see it. */
public enum ExitCode {
    /** Normal end: version or help printed, config valid, or stopped by SIGTERM/SIGINT. */
    OK(0),
    /** Bad command line or config, no usable host, unreadable config on reload, no ICMP socket, broken output. */
    FAILURE(1);

    public final int code;

    ExitCode(int code) {
        this.code = code;
    }
}
