package connmonitor.scan;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;

/** A real JDK web server answering every request with a fixed status and (optional) Server header. */
final class TestWebServer implements AutoCloseable {

    /** What the scan sent, as the server saw it. */
    record Request(String method, String path, String host, String connection) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private TestWebServer(HttpServer server, int status, String serverHeader) {
        this.server = server;
        server.createContext("/", exchange -> answer(exchange, status, serverHeader));
        server.setExecutor(threads);
        server.start();
    }

    /** Plain HTTP; {@code serverHeader} null sends no Server header. */
    static TestWebServer http(InetAddress address, int port, int status, String serverHeader) throws IOException {
        return new TestWebServer(HttpServer.create(new InetSocketAddress(address, port), 16), status, serverHeader);
    }

    static TestWebServer https(InetAddress address, int port, int status, String serverHeader, SSLContext tls)
            throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(address, port), 16);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        return new TestWebServer(server, status, serverHeader);
    }

    int port() {
        return server.getAddress().getPort();
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    private void answer(HttpExchange exchange, int status, String serverHeader) throws IOException {
        requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                exchange.getRequestHeaders().getFirst("Host"), exchange.getRequestHeaders().getFirst("Connection")));
        if (serverHeader != null) {
            exchange.getResponseHeaders().set("Server", serverHeader);
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
