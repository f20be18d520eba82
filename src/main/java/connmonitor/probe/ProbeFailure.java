package connmonitor.probe;

/**
 * Why a measurement failed, in the words of an EE line: its error type and a description. A probe
 * fails its future with one of these; what to do about it (report once, say when it works again) is
 * the scheduler's job, the same for every kind. A host that is down is a result, never a failure.
 */
public abstract sealed class ProbeFailure extends RuntimeException permits Unmeasurable, PartlyMeasured {

    private final String type;

    ProbeFailure(String type, String description) {
        super(description, null, false, false);
        this.type = type;
    }

    /** The EE error type, e.g. {@code PermissionError}. */
    public String type() {
        return type;
    }

    /** What went wrong, naming the host's address, e.g. {@code cannot ping 10.0.0.1: Network is unreachable}. */
    public String description() {
        return getMessage();
    }
}
