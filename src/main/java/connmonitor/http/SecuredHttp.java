package connmonitor.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * The one place where the endpoints (metrics and the live view) get what a web config asks: an HTTPS
 * server when it has TLS (a plain-HTTP request to it fails its handshake), and on every context, in the
 * exporter toolkit's order: the rate limit (429; one bucket for the whole server, as the toolkit has one
 * per server), the configured response headers (on a 401 too), and basic auth (401 with
 * {@code WWW-Authenticate: Basic realm="connmonitor"} without the right password). A handler's own header
 * of the same name (the live view's stricter Content-Security-Policy) is set after these and wins.
 */
public final class SecuredHttp {

    private final WebConfig config;
    /** One per server, so its contexts share the remembered logins; null without users. */
    private final BcryptUsers users;
    /** One per server, so its contexts share the bucket; null without a rate limit. */
    private final RateLimitFilter rateLimit;

    private SecuredHttp(WebConfig config) {
        this.config = config;
        this.users = config.users().isEmpty() ? null : new BcryptUsers(config.users());
        this.rateLimit = config.rateLimit().map(limit -> new RateLimitFilter(new TokenBucket(limit, System::nanoTime)))
                .orElse(null);
    }

    /** What one server needs to serve as the config says (make one per server). */
    public static SecuredHttp of(WebConfig config) {
        return new SecuredHttp(config);
    }

    /** An unstarted server bound to the address, HTTPS when the config has TLS. */
    public HttpServer create(InetSocketAddress address, int backlog) throws IOException {
        if (config.tls().isEmpty()) {
            return HttpServer.create(address, backlog);
        }
        HttpsServer server = HttpsServer.create(address, backlog);
        server.setHttpsConfigurator(TlsContext.configurator(config.tls().get()));
        return server;
    }

    /** Puts the config's rate limit, headers and authentication in front of the context's handler; returns the context. */
    public HttpContext guard(HttpContext context) {
        if (rateLimit != null) {
            context.getFilters().add(rateLimit); // the JDK runs a context's filters before its authenticator
        }
        if (users != null) {
            context.setAuthenticator(users);
        }
        if (!config.headers().isEmpty()) {
            context.getFilters().add(Filter.beforeHandler("web config headers",
                    exchange -> config.headers().forEach(exchange.getResponseHeaders()::set)));
        }
        return context;
    }
}
