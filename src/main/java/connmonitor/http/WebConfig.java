package connmonitor.http;

import java.util.Map;
import java.util.Optional;

/**
 * What a web config file ({@code --web.config.file}, the Prometheus exporter toolkit's format) asks of
 * the HTTP endpoints: TLS, basic-auth users, extra response headers and a rate limit. {@link #PLAIN} is
 * none of them.
 *
 * @param tls       the server's TLS; empty: plain HTTP
 * @param users     user name to bcrypt hash; empty: no authentication
 * @param headers   response headers to add (http_server_config.headers)
 * @param rateLimit requests to the server beyond it are answered 429; empty: no limit
 */
public record WebConfig(Optional<TlsSettings> tls, Map<String, String> users, Map<String, String> headers,
                        Optional<RateLimit> rateLimit) {

    public static final WebConfig PLAIN = new WebConfig(Optional.empty(), Map.of(), Map.of());

    public WebConfig {
        users = Map.copyOf(users);
        headers = Map.copyOf(headers);
    }

    /** Without a rate limit. */
    public WebConfig(Optional<TlsSettings> tls, Map<String, String> users, Map<String, String> headers) {
        this(tls, users, headers, Optional.empty());
    }

    /** For the start-up line: what this config turns on. */
    public String summary() {
        return (tls.isPresent() ? "TLS" + tls.get().clientAuth().summary() : "plain HTTP")
                + (users.isEmpty() ? "" : ", basic auth for " + users.size() + " user" + (users.size() == 1 ? "" : "s"))
                + rateLimit.map(limit -> ", at most " + limit.burst() + " request" + (limit.burst() == 1 ? "" : "s")
                        + " at once and one more every " + GoDuration.format(limit.interval())).orElse("");
    }
}
