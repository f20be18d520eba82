package connmonitor.output;

/**
 * The keys and words of a JSON record, as connmonitor 4.1.3 named them. {@link JsonFormat} writes them and
 * the report's log reader reads them, so the two cannot drift apart.
 */
public final class RecordFields {

    public static final String ADDR = "addr";
    public static final String NAME = "name";
    public static final String TIMESTAMP = "timestamp";

    public static final String PING = "ping";
    public static final String MIN = "min";
    public static final String AVG = "avg";
    public static final String MAX = "max";
    public static final String STD = "std";
    public static final String LOSS = "loss";
    /** Ours ({@code quantiles=1}), after 4.1.3's keys: min, 10 %, 25 %, median, 75 %, 90 %, max of the single RTTs. */
    public static final String QUANTILES = "quantiles";

    public static final String TRACE = "trace";
    /** A trace step that got no answer. */
    public static final String NO_ANSWER = "*";

    /** Ours ({@code path=}): per-hop statistics over the last traces, in mtr's columns. */
    public static final String PATH = "path";
    public static final String HOP = "hop";
    public static final String SENT = "sent";
    public static final String RECEIVED = "received";
    public static final String LAST = "last";
    public static final String BEST = "best";
    public static final String WORST = "worst";
    public static final String JITTER = "jitter";

    /** Ours ({@code paths=}): every distinct path to the host, the flows tried and the probes sent to find them. */
    public static final String PATHS = "paths";
    public static final String FLOWS = "flows";
    public static final String PROBES = "probes";

    public static final String SCAN = "scan";
    public static final String HTTP = "http";
    public static final String HTTPS = "https";
    public static final String MYSQL = "mysql";
    /** A service that did not answer (a string, as 4.1.3 wrote Python's None). */
    public static final String NONE = "None";
    public static final String RTT = "rtt";
    public static final String RESPONSE_CODE = "response code";
    public static final String SERVER = "server";
    public static final String VERSION = "version";
    /** Ours, after 4.1.3's keys: whether an HTTPS certificate chain verified. */
    public static final String CERTIFICATE_VERIFIED = "certificate verified";
    /** Ours, after 4.1.3's keys: a MySQL server's error packet instead of a greeting. */
    public static final String ERROR = "error";

    /** Ours, after 4.1.3's keys, only when present: the host's {@code label.NAME=VALUE} options, an object. */
    public static final String LABELS = "labels";
    /** Ours, last, only when the monitor was named with --vantage. */
    public static final String VANTAGE = "vantage";

    private RecordFields() {
    }
}
