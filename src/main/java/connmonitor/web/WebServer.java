package connmonitor.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import connmonitor.http.SecuredHttp;
import connmonitor.http.WebConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The live view over HTTP, read-only: the page and its static parts, and the JSON API the page polls.
 * Four worker threads answer (a page asks for its four static parts at once, then polls every few seconds;
 * the overview of 10,000 hosts takes tens of milliseconds); the JDK server's own logging is silenced, since
 * stderr holds only EE:/WW: lines.
 */
public final class WebServer implements AutoCloseable {

    /** Strong reference: java.util.logging keeps loggers weakly, and a collected one forgets its level. */
    private static final Logger JDK_SERVER_LOG = Logger.getLogger("com.sun.net.httpserver");
    private static final int MAX_PAGE = 500;
    private static final String UPLOT = "/connmonitor/report/uplot/dist/";
    private static final String OWN = "/connmonitor/web/";
    private static final Map<String, Asset> ASSETS = Map.of(
            "/", new Asset(OWN + "page.html", "text/html; charset=utf-8"),
            "/assets/web.js", new Asset(OWN + "web.js", "text/javascript; charset=utf-8"),
            "/assets/common.js", new Asset("/connmonitor/page/common.js", "text/javascript; charset=utf-8"),
            "/assets/web.css", new Asset(OWN + "web.css", "text/css; charset=utf-8"),
            "/assets/uPlot.iife.min.js", new Asset(UPLOT + "uPlot.iife.min.js", "text/javascript; charset=utf-8"),
            "/assets/uPlot.min.css", new Asset(UPLOT + "uPlot.min.css", "text/css; charset=utf-8"));
    /** Scripts and styles only from this server, no inline script, no requests elsewhere. */
    private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private record Asset(String resource, String type) {
    }

    private final HttpServer server;
    private final ExecutorService workers;
    private final HistoryStore store;
    private final Clock clock;
    private final Map<String, byte[]> assetBytes = new HashMap<>();

    private WebServer(HttpServer server, ExecutorService workers, HistoryStore store, Clock clock) {
        this.server = server;
        this.workers = workers;
        this.store = store;
        this.clock = clock;
        for (Map.Entry<String, Asset> asset : ASSETS.entrySet()) {
            assetBytes.put(asset.getKey(), read(asset.getValue().resource()));
        }
    }

    /**
     * Binds the address and serves the store.
     *
     * @throws IOException when the address cannot be bound (in use, not local)
     */
    public static WebServer start(InetSocketAddress address, HistoryStore store, Clock clock) throws IOException {
        return start(address, store, clock, WebConfig.PLAIN);
    }

    /** As {@link #start(InetSocketAddress, HistoryStore, Clock)}, with the web config's TLS, auth and headers. */
    public static WebServer start(InetSocketAddress address, HistoryStore store, Clock clock, WebConfig webConfig)
            throws IOException {
        JDK_SERVER_LOG.setLevel(Level.OFF);
        JDK_SERVER_LOG.setUseParentHandlers(false);
        ExecutorService workers = Executors.newFixedThreadPool(4, Thread.ofPlatform().name("web-http-", 0).daemon(true).factory());
        try {
            SecuredHttp secured = SecuredHttp.of(webConfig);
            HttpServer http = secured.create(address, 32);
            WebServer web = new WebServer(http, workers, store, clock);
            secured.guard(http.createContext("/", web::handle));
            http.setExecutor(workers);
            // once before the first visitor: a cold JVM would load and interpret this code on the first overview
            ApiJson.overview(store.overview("", 0, 50), store.version(), clock.millis(), store.vantage(), store.labelValues());
            http.start();
            return web;
        } catch (IOException | RuntimeException failed) {
            workers.shutdownNow();
            throw failed;
        }
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, "text/plain; charset=utf-8", "read-only: GET and HEAD only\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            String path = exchange.getRequestURI().getRawPath();
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            long now = clock.millis();
            switch (path) {
                case "/api/overview" -> send(exchange, 200, "application/json",
                        ApiJson.overview(store.overview(query.getOrDefault("q", ""),
                                integer(query.get("offset"), 0, Integer.MAX_VALUE, 0),
                                integer(query.get("limit"), 0, MAX_PAGE, 50)), store.version(), now, store.vantage(),
                                store.labelValues()));
                case "/api/host" -> host(exchange, query, now);
                default -> {
                    Asset asset = ASSETS.get(path);
                    if (asset == null) {
                        send(exchange, 404, "text/plain; charset=utf-8", "not found\n".getBytes(StandardCharsets.UTF_8));
                    } else {
                        send(exchange, 200, asset.type(), assetBytes.get(path));
                    }
                }
            }
        } catch (IOException | RuntimeException failed) {
            // the browser went away mid-answer, or a bug: either way only this request is lost
        }
    }

    private void host(HttpExchange exchange, Map<String, String> query, long now) throws IOException {
        HostHistory host = store.byId(integer(query.get("id"), 0, Integer.MAX_VALUE, -1));
        if (host == null) {
            send(exchange, 404, "application/json", "{\"error\":\"no such host\"}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        long span = switch (query.getOrDefault("range", "hour")) {
            case "day" -> 86_400_000L;
            case "week" -> 7 * 86_400_000L;
            default -> 3_600_000L;
        };
        long from = now - span;
        send(exchange, 200, "application/json", ApiJson.host(host.detail(from, now), store.version(), now, from));
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", type);
        headers.set("Content-Security-Policy", POLICY);
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("Cache-Control", "no-store");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> values = new HashMap<>();
        if (raw == null || raw.length() > 4096) {
            return values;
        }
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            try {
                String key = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                values.putIfAbsent(key, value);
            } catch (IllegalArgumentException malformed) {
                // a broken escape: that parameter is left out
            }
        }
        return values;
    }

    private static int integer(String text, int min, int max, int otherwise) {
        if (text == null || text.isEmpty() || text.length() > 10 || !text.chars().allMatch(Character::isDigit)) {
            return otherwise;
        }
        long value = Long.parseLong(text);
        return value < min || value > max ? otherwise : (int) value;
    }

    private static byte[] read(String resource) {
        try (InputStream in = WebServer.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks " + resource + " (built without the npm step?)");
            }
            return in.readAllBytes();
        } catch (IOException broken) {
            throw new UncheckedIOException(broken);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
        try {
            workers.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
