package connmonitor.report;

import connmonitor.output.RecordFields;

/** The services a scan looks for, in the order records and the page list them. */
enum Service {
    HTTP(RecordFields.HTTP),
    HTTPS(RecordFields.HTTPS),
    MYSQL(RecordFields.MYSQL);

    /** The key of the service in a scan record and in the page's data. */
    final String field;

    Service(String field) {
        this.field = field;
    }
}
