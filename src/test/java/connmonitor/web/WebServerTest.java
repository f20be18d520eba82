package connmonitor.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import connmonitor.probe.PingResult;
import connmonitor.probe.ScanResult;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The live view's HTTP side against a store of 10,000 hosts, over real loopback connections. */
class WebServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HOSTILE = "<script>window.pwned=1</script>\"'&<img src=x onerror=alert(1)>";
    private final HttpClient client = HttpClient.newHttpClient();
    private final HistoryStore store = new HistoryStore();
    private WebServer server;

    @BeforeEach
    void start() throws Exception {
        long now = System.currentTimeMillis();
        for (int h = 0; h < 10_000; h++) {
            double[] rtts = h == 4321 ? new double[] {5, 6, 7} : new double[] {1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 5.5};
            store.record("host-" + h, "10.0." + (h >> 8) + "." + (h & 255), now - 1000, PingResult.of(10, rtts));
        }
        store.record(HOSTILE, "127.0.0.9", now, new ScanResult(
                Optional.of(new ScanResult.Http(1, "200", HOSTILE, ScanResult.Certificate.NONE)), Optional.empty(), Optional.empty()));
        store.record("host-labelled", "10.9.9.9", java.util.Map.of("site", "lab7"), now, PingResult.of(1, new double[] {1}));
        store.vantage("fra1-a");
        server = WebServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), store, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void theOverviewOfTenThousandHostsComesWorstFirstWellUnderASecond() throws Exception {
        get("/api/overview?limit=50"); // the first request loads classes; a browser's first view counts from the second poll on
        // the median of three polls, as a page polls: one request alone read a whole-machine stall (0.5-2 s on CI's VM)
        // as the overview's own time
        double[] polls = new double[3];
        HttpResponse<String> response = null;
        for (int i = 0; i < polls.length; i++) {
            long start = System.nanoTime();
            response = get("/api/overview?limit=50");
            polls[i] = (System.nanoTime() - start) / 1e6;
        }
        java.util.Arrays.sort(polls);
        double millis = polls[1];
        System.out.printf("overview of 10,000 hosts over HTTP: %.1f ms (median of 3), %d bytes%n", millis, response.body().length());
        assertThat(millis).isLessThan(1000);
        JsonNode overview = JSON.readTree(response.body());
        assertThat(overview.get("total").asInt()).isEqualTo(10_002);
        assertThat(overview.get("hosts")).hasSize(50);
        assertThat(overview.get("hosts").get(0).get("name").asText()).isEqualTo("host-4321"); // 70 % loss
        assertThat(overview.get("hosts").get(0).get("loss").asDouble()).isEqualTo(70);
        assertThat(response.body().length()).isLessThan(20_000); // no host's history in the overview
    }

    @Test
    void searchAndPagingAnswerOnlyTheAskedPart() throws Exception {
        JsonNode found = JSON.readTree(get("/api/overview?q=HOST-99&offset=5&limit=3").body());
        assertThat(found.get("matched").asInt()).isEqualTo(111); // host-99, host-990..999, host-9900..9999
        assertThat(found.get("offset").asInt()).isEqualTo(5);
        assertThat(found.get("hosts")).hasSize(3);
        JsonNode labelled = JSON.readTree(get("/api/overview?q=" + java.net.URLEncoder.encode("site=lab7 HOST",
                java.nio.charset.StandardCharsets.UTF_8)).body());
        assertThat(labelled.get("matched").asInt()).isEqualTo(1);
        assertThat(labelled.get("hosts").get(0).get("labels").get("site").asText()).isEqualTo("lab7");
        assertThat(labelled.get("labels").get("site")).extracting(JsonNode::asText).containsExactly("lab7");
        assertThat(labelled.get("vantage").asText()).isEqualTo("fra1-a");
        JsonNode byAddress = JSON.readTree(get("/api/overview?q=10.0.16.225").body());
        assertThat(byAddress.get("hosts").get(0).get("name").asText()).isEqualTo("host-4321");
    }

    @Test
    void aHostsPageHasItsSmokeAndServerTextIsOnlyEverAJsonString() throws Exception {
        JsonNode overview = JSON.readTree(get("/api/overview?q=127.0.0.9").body());
        int id = overview.get("hosts").get(0).get("id").asInt();
        HttpResponse<String> response = get("/api/host?id=" + id + "&range=day");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body()).doesNotContain("<", ">", "'").contains("\\u003Cscript\\u003E");
        JsonNode host = JSON.readTree(response.body());
        assertThat(host.get("name").asText()).isEqualTo(HOSTILE);
        assertThat(host.get("scan").get("http").get("server").asText()).isEqualTo(HOSTILE);
        JsonNode busy = JSON.readTree(get("/api/host?id=" + JSON.readTree(get("/api/overview?q=host-4321").body())
                .get("hosts").get(0).get("id").asInt() + "&range=hour").body());
        assertThat(busy.get("smoke")).hasSize(7);
        assertThat(busy.get("smoke").get(0).get(0).asDouble()).isEqualTo(5);
        assertThat(busy.get("smoke").get(3).get(0).asDouble()).isEqualTo(6);
        assertThat(busy.get("lossPct").get(0).asDouble()).isEqualTo(70);
    }

    @Test
    void thePageIsReadOnlyAndLocked() throws Exception {
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("/assets/web.js").doesNotContain("uPlot.iife"); // web.js loads it once hosts are shown
        assertThat(get("/assets/web.js").body()).contains("/assets/uPlot.iife.min.js");
        assertThat(page.body().indexOf("/assets/common.js")).as("the helpers shared with the report, before the page's script")
                .isPositive().isLessThan(page.body().indexOf("/assets/web.js"));
        assertThat(get("/assets/common.js").body()).contains("window.connmonitorPage");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                policy -> assertThat(policy).contains("script-src 'self'").doesNotContain("unsafe"));
        assertThat(get("/assets/uPlot.iife.min.js").body()).contains("uPlot");
        assertThat(get("/etc/passwd").statusCode()).isEqualTo(404);
        assertThat(get("/api/host?id=999999").statusCode()).isEqualTo(404);
        assertThat(get("/api/host?id=-1").statusCode()).isEqualTo(404);
        HttpResponse<String> post = client.send(HttpRequest.newBuilder(uri("/api/overview"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.address().getPort() + path);
    }
}
