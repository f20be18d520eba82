package connmonitor.probe;

/**
 * A measurement that could not be taken at all (no socket allows it, no packet could be sent): it is
 * reported as an error line instead of a record, since a made-up record would be worse than none.
 */
public final class Unmeasurable extends RuntimeException {

    private final String type;

    public Unmeasurable(String type, String description) {
        super(description, null, false, false);
        this.type = type;
    }

    /** The EE error type, e.g. {@code PermissionError}. */
    public String type() {
        return type;
    }
}
