package connmonitor.probe;

import java.util.Objects;

/**
 * A measurement that was taken, but not as asked (some echo requests of a burst could not be sent and
 * count as lost): the record is still printed, and the reason is reported as an error line.
 */
public final class PartlyMeasured extends ProbeFailure {

    private final transient Measurement measured;

    public PartlyMeasured(String type, String description, Measurement measured) {
        super(type, description);
        this.measured = Objects.requireNonNull(measured, "measured");
    }

    /** The result as far as it could be measured. */
    public Measurement measured() {
        return measured;
    }
}
