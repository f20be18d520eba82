package connmonitor.report;

/** What one line of a log turned out to be: a record the report uses, or a reason to skip it. */
sealed interface ParsedLine permits LogRecord, ParsedLine.Skip {

    /** Why a line was skipped; the page and the WW line count each kind. */
    enum Skip implements ParsedLine {
        PLAINTEXT("not a JSON object (plaintext records?)"),
        MALFORMED("broken or truncated JSON"),
        NOT_A_RECORD("JSON that is no ping, trace or scan record"),
        NO_TIMESTAMP("records without a timestamp"),
        BAD_TIMESTAMP("timestamps outside 2000..now+1 year");

        final String description;

        Skip(String description) {
            this.description = description;
        }
    }
}
