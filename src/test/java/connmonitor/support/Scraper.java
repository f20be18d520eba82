package connmonitor.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** GETs a metrics endpoint as Prometheus does, over a real HTTP connection. */
public final class Scraper {

    public static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI uri;

    /** @param hostPort as in a URL: {@code 127.0.0.1:9100} or {@code [::1]:9100} */
    public Scraper(String hostPort) {
        this.uri = URI.create("http://" + hostPort + "/metrics");
    }

    public record Scrape(int status, String contentType, String body) {
    }

    /** A plain scrape: no Accept header, so the Prometheus text format. */
    public Scrape get() throws IOException, InterruptedException {
        return get(null);
    }

    public Scrape get(String accept) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET();
        if (accept != null) {
            request.header("Accept", accept);
        }
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Scrape(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                response.body());
    }

    /** The text-format scrape, read strictly. */
    public Exposition text() throws IOException, InterruptedException {
        Scrape scrape = get();
        if (scrape.status() != 200) {
            throw new AssertionError("scrape of " + uri + " answered " + scrape.status());
        }
        return Exposition.parsePrometheusText(scrape.body());
    }
}
