package connmonitor.output;

import connmonitor.probe.Observation;

/** Turns one observation into the complete text of its record, final newline included. */
public sealed interface RecordFormat permits PlainTextFormat, JsonFormat {

    String format(Observation observation);

    /** The format a target's {@code json} option asks for. */
    static RecordFormat of(boolean json) {
        return json ? JsonFormat.INSTANCE : PlainTextFormat.INSTANCE;
    }
}
