package connmonitor.output;

import connmonitor.probe.Observation;

/** Turns one observation into the complete text of its record, final newline included. */
public sealed interface RecordFormat permits PlainTextFormat, JsonFormat {

    String format(Observation observation);

    /** The format a target's {@code json} option asks for. */
    static RecordFormat of(boolean json) {
        return json ? JsonFormat.INSTANCE : PlainTextFormat.INSTANCE;
    }

    /** The format for a monitor named by --vantage (JSON records carry the name; plaintext has no room for it). */
    static RecordFormat of(boolean json, java.util.Optional<String> vantage) {
        return json && vantage.isPresent() ? JsonFormat.withVantage(vantage.get()) : of(json);
    }
}
