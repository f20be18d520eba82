package connmonitor.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A web config's {@code rate_limit} in front of a context: a request that finds the server's bucket empty
 * is answered 429 at once, as the exporter toolkit answers it. It runs before the configured headers and
 * before basic auth (the JDK runs a context's filters before its authenticator), so a flood of requests
 * over the limit costs no bcrypt.
 */
final class RateLimitFilter extends Filter {

    private static final byte[] TOO_MANY = "Too Many Requests\n".getBytes(StandardCharsets.US_ASCII);

    private final TokenBucket bucket;

    RateLimitFilter(TokenBucket bucket) {
        this.bucket = bucket;
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        if (bucket.take()) {
            chain.doFilter(exchange);
            return;
        }
        // read what the client sent, so that its connection can carry its next request
        exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.sendResponseHeaders(429, TOO_MANY.length);
        exchange.getResponseBody().write(TOO_MANY);
        exchange.close();
    }

    @Override
    public String description() {
        return "web config rate_limit";
    }
}
