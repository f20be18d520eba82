package connmonitor.probe;

/**
 * A measurement that could not be taken at all (no socket allows it, no packet could be sent): it is
 * reported as an error line instead of a record, since a made-up record would be worse than none.
 */
public final class Unmeasurable extends ProbeFailure {

    public Unmeasurable(String type, String description) {
        super(type, description);
    }
}
