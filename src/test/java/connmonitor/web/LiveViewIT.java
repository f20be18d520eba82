package connmonitor.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import connmonitor.lab.Impairment;
import connmonitor.lab.Lab;
import connmonitor.lab.Link;
import connmonitor.lab.Preset;
import connmonitor.report.HeadlessChromium;
import connmonitor.support.Connmonitor;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live view of a real daemon in Chromium. The daemon runs in a lab: a host behind a link whose delay
 * towards it is 20 ms +- 10 ms (uniform), a host that loses 30 % of its replies, a host behind a diamond of
 * routers whose route is switched, and loopback with a web server whose Server header is markup. The page is
 * reached through a socat bridge into the lab's namespace. Then the report of the daemon's own log.
 */
class LiveViewIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HOSTILE = "<img src=x onerror=\"window.pwned=1\"><script>window.pwned=2</script>";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int WEB_PORT = 18_099;

    @TempDir
    Path dir;

    @Test
    void theLivePageShowsTheLabWorstFirstWithRealSmokeAndSaysWhenTheMonitorStops() throws Exception {
        Path response = dir.resolve("response");
        Files.writeString(response, "HTTP/1.1 200 OK\r\nServer: " + HOSTILE + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        try (Lab lab = Preset.DIAMOND.builder().host("jittery").host("lossy")
                .link("client", "jittery", Link.emulated(Impairment.none().delay(Duration.ofMillis(20))
                        .jitter(Duration.ofMillis(10)), Impairment.none()))
                .link("client", "lossy", Link.emulated(Impairment.none(), Impairment.none().loss(30)))
                .build()) {
            String jittery = lab.ipv4("jittery").getHostAddress();
            String routed = lab.ipv4("server").getHostAddress(); // behind the diamond: its route will change
            String lossy = lab.ipv4("lossy").getHostAddress();
            lab.start("client", "socat", "TCP-LISTEN:80,bind=127.0.0.1,reuseaddr,fork", "SYSTEM:cat " + response);
            try (Connmonitor daemon = Connmonitor.startInNamespace(lab.namespace("client"), "--web", "127.0.0.1:" + WEB_PORT);
                 Bridge bridge = Bridge.into(dir, lab.namespace("client"), WEB_PORT);
                 HeadlessChromium chromium = HeadlessChromium.start(1400, 1100)) {
                daemon.writeStdin(jittery + " ping=250 numpings=20 quantiles=1 json=1\n"
                        + routed + " ping=1000 numpings=2 trace=1000 hops=8 json=1\n" + lossy + " ping=200 numpings=10 json=1\n"
                        + "127.0.0.1 ping=500 scan=1500 json=1\n", true);
                bridge.awaitAnswer();
                Thread.sleep(12_000); // a few hundred single RTTs of the jittery host

                chromium.load(bridge.uri("/"), "document.readyState === 'complete'");
                awaitTrue(chromium, "!!(window.connmonitorLive && connmonitorLive.overview "
                        + "&& connmonitorLive.overview.hosts.length === 4 && connmonitorLive.overview.hosts.every(h => h.last > 0))");
                assertThat(text(chromium, "[...document.querySelectorAll('#hosts tbody tr')].length")).isEqualTo("4");
                String firstRow = text(chromium, "document.querySelector('#hosts tbody tr').textContent");
                assertThat(firstRow).as("the lossy host is first").contains(lossy);
                double loss = chromium.evaluate("connmonitorLive.overview.hosts[0].loss").asDouble();
                assertThat(loss).isBetween(10.0, 55.0);
                assertThat(chromium.errors).isEmpty();

                // new bursts arrive without a reload: the marker survives, the lossy host's last burst moves on
                chromium.evaluate("window.stillTheSamePage = 42");
                long last = chromium.evaluate("connmonitorLive.overview.hosts[0].last").asLong();
                awaitTrue(chromium, "connmonitorLive.overview.hosts.find(h => h.addr === '" + lossy + "').last > " + last);
                assertThat(chromium.evaluate("window.stillTheSamePage").asInt()).isEqualTo(42);
                save(chromium, "web-live-overview.png");

                // the jittery host's smoke: its single RTTs are 20 ms +- 10 ms, uniform
                click(chromium, jittery);
                awaitTrue(chromium, "!!(connmonitorLive.host && connmonitorLive.host.addr === '" + jittery
                        + "' && connmonitorLive.chart)");
                JsonNode host = chromium.evaluate("connmonitorLive.host");
                int fullest = 0;
                for (int i = 0; i < host.get("sent").size(); i++) {
                    if (host.get("sent").get(i).asInt() > host.get("sent").get(fullest).asInt()) {
                        fullest = i;
                    }
                }
                StringBuilder smoke = new StringBuilder();
                for (int level = 0; level < 7; level++) {
                    smoke.append(' ').append(host.get("smoke").get(level).get(fullest).asText());
                }
                System.out.printf("jittery host, fullest bucket: %s sent, smoke%s ms%n", host.get("sent").get(fullest), smoke);
                assertThat(host.get("sent").get(fullest).asInt()).isGreaterThan(200);
                double[] expected = {10, 12, 15, 20, 25, 28, 30}; // quantiles of 10..30 ms uniform
                assertThat(host.get("smoke").get(6).get(fullest).asDouble()).as("max").isGreaterThan(28.5);
                for (int level = 0; level < 6; level++) { // not the max: one late wake-up of a busy machine sets it
                    double q = host.get("smoke").get(level).get(fullest).asDouble();
                    // A minute's smoke is the quantiles of a uniform sample of 64 of its RTTs (SampleReservoir), so an
                    // inner quantile p of this 20 ms spread strays by 20 x sqrt(p(1-p)/64) ms (1.25 ms at the median):
                    // 4 of those either way (a CI run read all of one minute's low, the 75 % at 22.3 ms: 2.8 of them).
                    // Stalls of the lab's emulator (in this JVM) only add time: on CI's VM a quarter of the replies came
                    // 1.6-11.6 ms late (2026-11-30), ~6 ms on average, which lifts an inner quantile by 0.26 x 6 = 1.5 ms
                    double p = host.get("levels").get(level).asDouble();
                    double tolerance = Math.max(1.5, 4 * 20 * Math.sqrt(p * (1 - p) / 64));
                    assertThat(q).as("quantile %s", p)
                            .isBetween(expected[level] + 0.3 - tolerance, expected[level] + 0.3 + tolerance + 1.5);
                }
                save(chromium, "web-live-host.png");

                // the route changes: r1 sends the routed host's packets through r2b instead of r2a
                click(chromium, routed);
                awaitTrue(chromium, "!!(connmonitorLive.host && connmonitorLive.host.addr === '" + routed + "')");
                String r2a = lab.ipv4("r2a", "r1").getHostAddress();
                String r2b = lab.ipv4("r2b", "r1").getHostAddress();
                awaitTrue(chromium, "!!connmonitorLive.host.trace && connmonitorLive.host.trace.steps.some(s => s[0] === '" + r2a + "')");
                lab.route("r1", "server", "r2b");
                awaitTrue(chromium, "connmonitorLive.host.routeChanges.length > 0");
                String change = text(chromium, "document.querySelector('#routes tbody tr').textContent");
                assertThat(change).contains(r2a, r2b);
                JsonNode routeChange = chromium.evaluate("connmonitorLive.host.routeChanges[0]");
                assertThat(routeChange.get("before").toString()).contains(r2a).doesNotContain(r2b);
                assertThat(routeChange.get("after").toString()).contains(r2b).doesNotContain(r2a);
                save(chromium, "web-live-route.png");

                // a hostile Server header is shown as text and runs nothing
                click(chromium, "127.0.0.1");
                awaitTrue(chromium, "!!(connmonitorLive.host && connmonitorLive.host.addr === '127.0.0.1' && connmonitorLive.host.scan)");
                awaitTrue(chromium, "document.querySelector('#scan tr[data-service=http]') !== null");
                assertThat(text(chromium, "document.querySelector('#scan tr[data-service=http]').textContent"))
                        .contains("200, " + HOSTILE);
                assertThat(text(chromium, "document.querySelectorAll('#scan img, #scan script, main img').length")).isEqualTo("0");
                assertThat(chromium.evaluate("window.pwned === undefined").asBoolean()).isTrue();
                assertThat(chromium.errors).isEmpty();
                assertThat(chromium.networkRequests).allSatisfy(url -> assertThat(url).startsWith(bridge.uri("/").toString()));

                // the monitor stops: the page says so
                daemon.signal("TERM");
                assertThat(daemon.waitFor(WAIT)).isZero();
                // nothing but the scheduler's own notice when the machine starves it (as PacketControlsLabIT allows): with
                // Chromium and the lab on a 2-core VM at a load of 11 its starts ran 0.2 s late for 3 s (2026-11-30)
                assertThat(daemon.stderrLines()).as("daemon problems")
                        .allMatch(line -> line.startsWith("WW: falling behind:") || line.startsWith("WW: keeping up again:"));
                awaitTrue(chromium, "!document.getElementById('down').hidden");
                assertThat(text(chromium, "document.getElementById('down').textContent")).contains("not answering");
                save(chromium, "web-live-stopped.png");

                // connmonitor report on the daemon's own records draws the same smoke (quantiles=1)
                Path log = dir.resolve("connmonitor.log");
                Files.write(log, daemon.stdoutLines());
                Path page = dir.resolve("report.html");
                Connmonitor.Result report = Connmonitor.run("", WAIT, "report", log.toString(), "-o", page.toString());
                assertThat(report.exitCode()).as(report.stderrText()).isZero();
                // leave the live page first: a poll still under way fails against the bridge of a stopped monitor,
                // and must not count as the report page's error
                chromium.evaluate("location.href = 'about:blank'");
                Thread.sleep(1000);
                chromium.errors.clear();
                chromium.load(page, "window.connmonitorReady === true");
                JsonNode ping = chromium.evaluate("connmonitorReport.hosts.find(h => h.name === '" + jittery + "').ping");
                int busiest = 0;
                for (int i = 0; i < ping.get("n").size(); i++) {
                    busiest = ping.get("n").get(i).asInt() > ping.get("n").get(busiest).asInt() ? i : busiest;
                }
                // a report bucket holds only a burst or a few (20 RTTs each) of this short run: the spread is what must show
                double spread = ping.get("s5").get(busiest).asDouble() - ping.get("s1").get(busiest).asDouble();
                // from one burst of 20 RTTs the 10-90 % spread is 16 ms with a standard deviation of about 2 ms
                // (9.4 ms seen once in CI): 8..24 ms is four of them, and still far from no smoke at all
                assertThat(spread).as("90 %% - 10 %% of 10..30 ms uniform: 16 ms").isBetween(8.0, 24.0);
                assertThat(ping.get("s3").get(busiest).asDouble()).as("median").isBetween(16.0, 25.0);
                assertThat(chromium.evaluate("connmonitorReport.hosts.find(h => h.name === '" + lossy + "').ping.s1 === undefined")
                        .asBoolean()).as("no smoke without quantiles=1").isTrue();
                assertThat(chromium.errors).isEmpty();
                save(chromium, "web-report-smoke.png");
            }
        }
    }

    @Test
    void theOverviewOfTenThousandHostsIsOnTheScreenWithinASecond() throws Exception {
        StringBuilder config = new StringBuilder();
        for (int h = 0; h < 10_000; h++) {
            config.append("127.1.").append(h >> 8).append('.').append(h & 255).append(" ping=5000 numpings=1 json=1 label.site=s")
                    .append(h % 10).append('\n');
        }
        int port = freePort();
        try (Connmonitor daemon = Connmonitor.start("--web", "127.0.0.1:" + port, "--vantage", "fra1");
             HeadlessChromium chromium = HeadlessChromium.start(1400, 1100)) {
            daemon.writeStdin(config.toString(), true);
            URI base = URI.create("http://127.0.0.1:" + port + "/");
            awaitJson(HttpClient.newHttpClient(), base.resolve("/api/overview"));
            daemon.nextLine(WAIT); // measuring: every host has its loop
            Thread.sleep(3000);
            HttpClient client = HttpClient.newHttpClient();
            double[] api = new double[5];
            for (int i = 0; i < api.length; i++) { // as a page polls: the overview's own time, over HTTP
                long start = System.nanoTime();
                awaitJson(client, base.resolve("/api/overview?limit=50"));
                api[i] = (System.nanoTime() - start) / 1e6;
            }
            java.util.Arrays.sort(api);
            chromium.load(base, "document.readyState === 'complete'");
            awaitTrue(chromium, "window.connmonitorLive && connmonitorLive.firstShownMs != null");
            double millis = chromium.evaluate("connmonitorLive.firstShownMs").asDouble();
            System.out.printf("overview of 10,000 hosts: API median %.0f ms (of 5), in Chromium on screen %.0f ms after the "
                    + "page was asked for, load average %s; requests: %s%n", api[2], millis, Files.readString(Path.of("/proc/loadavg")).strip(),
                    chromium.evaluate("JSON.stringify(performance.getEntriesByType('resource').map(e => [e.name.replace(/^.*\\//, ''), "
                            + "Math.round(e.startTime), Math.round(e.duration)]))").asText());
            assertThat(chromium.evaluate("connmonitorLive.overview.total").asInt()).isEqualTo(10_000);
            assertThat(text(chromium, "document.querySelectorAll('#hosts tbody tr').length")).isEqualTo("50");
            assertThat(api[2]).as("the overview of 10,000 hosts, ms").isLessThan(1000);
            // the page as a whole: on an idle machine well under a second; a shared CI machine gets some slack
            assertThat(millis).as("page shown, ms").isLessThan(10_000);
            assertThat(text(chromium, "document.getElementById('vantage').textContent")).isEqualTo("seen from fra1");
            // the label filter: a list of the ten sites; 127.1.39.15 is host 9999, at site s9
            awaitTrue(chromium, "document.querySelectorAll('#label-filters select[data-label=site] option').length === 11");
            chromium.evaluate("{ const site = document.querySelector('#label-filters select[data-label=site]'); "
                    + "site.value = 's9'; site.dispatchEvent(new Event('change')); }");
            awaitTrue(chromium, "connmonitorLive.overview.matched === 1000");
            assertThat(chromium.evaluate("[...document.querySelectorAll('#hosts tbody td.labels')].every(td => td.textContent === 'site=s9')")
                    .asBoolean()).isTrue();
            chromium.evaluate("document.getElementById('search').value = '127.1.39.15'; "
                    + "document.getElementById('search').dispatchEvent(new Event('input'))");
            awaitTrue(chromium, "connmonitorLive.overview.matched === 1");
            assertThat(text(chromium, "document.querySelector('#hosts tbody tr').children[1].textContent")).isEqualTo("127.1.39.15");
            save(chromium, "web-live-10000.png");
            daemon.signal("TERM");
            assertThat(daemon.waitFor(Duration.ofSeconds(90))).isZero(); // 10,000 hosts on a busy machine drain slowly
            assertThat(daemon.stderrLines()).allSatisfy(line -> assertThat(line).startsWith("WW: "));
        }
    }

    @Test
    void aRestartSeededFromTheLogShowsTheHistoryAtOnce() throws Exception {
        String config = "127.0.0.1 ping=200 json=1\n127.0.0.2 ping=200 json=1\n";
        Path log = dir.resolve("connmonitor.log");
        int port = freePort();
        try (Connmonitor first = Connmonitor.start("--web", "127.0.0.1:" + port)) {
            first.writeStdin(config, true);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (first.stdoutLines().size() < 20 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            first.signal("TERM");
            assertThat(first.waitFor(WAIT)).isZero();
            Files.write(log, first.stdoutLines());
            assertThat(first.stderrLines()).isEmpty();
        }
        long bursts = Files.readAllLines(log).stream().filter(l -> l.contains("\"127.0.0.2\"")).count();
        assertThat(bursts).isGreaterThan(5);
        port = freePort();
        try (Connmonitor second = Connmonitor.start("--web", "127.0.0.1:" + port, "--history", log.toString())) {
            second.writeStdin(config, true);
            HttpClient client = HttpClient.newHttpClient();
            URI base = URI.create("http://127.0.0.1:" + port);
            JsonNode overview = awaitJson(client, base.resolve("/api/overview?q=127.0.0.2"));
            JsonNode row = overview.get("hosts").get(0);
            assertThat(row.get("last").asLong()).as("seeded before the first new burst").isPositive();
            JsonNode host = JSON.readTree(client.send(HttpRequest.newBuilder(base.resolve("/api/host?id=" + row.get("id").asInt()
                    + "&range=hour")).build(), HttpResponse.BodyHandlers.ofString()).body());
            long sent = 0;
            for (JsonNode s : host.get("sent")) {
                sent += s.asLong();
            }
            assertThat(sent).as("the first run's bursts, 10 requests each").isGreaterThanOrEqualTo(bursts * 10);
            second.nextLine(WAIT); // its signal handlers are in place once it measures
            second.signal("TERM");
            assertThat(second.waitFor(WAIT)).isZero();
            assertThat(second.stderrLines()).isEmpty();
        }
    }

    @Test
    void asTheServiceRunsItTheFileStdoutAppendsToIsTheHistory() throws Exception {
        Path config = dir.resolve("hosts.conf");
        Files.writeString(config, "127.0.0.3 ping=200 json=1\n");
        Path log = dir.resolve("service.log");
        Process first = service(config, log);
        try {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while ((!Files.exists(log) || Files.readAllLines(log).size() < 10) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
        } finally {
            first.destroy(); // SIGTERM: it prints what is running, then exits 0
            assertThat(first.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        }
        assertThat(first.exitValue()).isZero();
        long bursts = Files.readAllLines(log).size();
        assertThat(bursts).isGreaterThanOrEqualTo(10);
        Process second = service(config, log);
        try {
            int port = Integer.parseInt(Files.readString(dir.resolve("port")).strip());
            HttpClient client = HttpClient.newHttpClient();
            JsonNode row = awaitJson(client, URI.create("http://127.0.0.1:" + port + "/api/overview")).get("hosts").get(0);
            JsonNode host = JSON.readTree(client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/api/host?id=" + row.get("id").asInt())).build(), HttpResponse.BodyHandlers.ofString()).body());
            long sent = 0;
            for (JsonNode s : host.get("sent")) {
                sent += s.asLong();
            }
            assertThat(sent).as("every burst of the first run, from the file it appended to").isGreaterThanOrEqualTo(bursts * 10);
        } finally {
            second.destroy();
            second.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
        }
        assertThat(Files.readString(dir.resolve("stderr"))).isEmpty();
    }

    /** The daemon as the unit starts it: stdout appended to a log file, --web without --history. */
    private Process service(Path config, Path log) throws IOException {
        int port = freePort();
        Files.writeString(dir.resolve("port"), Integer.toString(port));
        return new ProcessBuilder(Connmonitor.command("--web", "127.0.0.1:" + port, config.toString()))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("stderr").toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
    }

    private static JsonNode awaitJson(HttpClient client, URI uri) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return JSON.readTree(response.body());
                }
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
            }
            Thread.sleep(20);
        }
    }

    private static void click(HeadlessChromium chromium, String address) throws Exception {
        awaitTrue(chromium, "[...document.querySelectorAll('#hosts tbody tr')].some(tr => tr.children[1].textContent === '" + address + "')");
        chromium.evaluate("[...document.querySelectorAll('#hosts tbody tr')].find(tr => tr.children[1].textContent === '"
                + address + "').click()");
    }

    private static String text(HeadlessChromium chromium, String expression) throws Exception {
        return chromium.evaluate("String(" + expression + ")").asText();
    }

    private static void awaitTrue(HeadlessChromium chromium, String expression) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!chromium.evaluate(expression).asBoolean(false)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT + ": " + expression + "\npage: "
                        + chromium.evaluate("document.body.innerText").asText() + "\nerrors: " + chromium.errors
                        + "\nrequests: " + chromium.networkRequests.size());
            }
            Thread.sleep(100);
        }
    }

    private static void save(HeadlessChromium chromium, String name) throws Exception {
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target", name), chromium.screenshot());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** socat on this machine's loopback, each connection carried by a socat inside the lab's namespace. */
    private record Bridge(Process process, int port) implements AutoCloseable {

        static Bridge into(Path dir, String namespace, int inside) throws IOException {
            Path script = dir.resolve("inside.sh");
            Files.writeString(script, "#!/bin/sh\nexec ip netns exec " + namespace + " socat STDIO TCP:127.0.0.1:" + inside + "\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
            int port = freePort();
            Process process = new ProcessBuilder("socat", "TCP-LISTEN:" + port + ",bind=127.0.0.1,reuseaddr,fork",
                    "SYSTEM:" + script).redirectErrorStream(true).redirectOutput(dir.resolve("socat.out").toFile()).start();
            return new Bridge(process, port);
        }

        URI uri(String path) {
            return URI.create("http://127.0.0.1:" + port + path);
        }

        void awaitAnswer() throws Exception {
            awaitJson(HttpClient.newHttpClient(), uri("/api/overview"));
        }

        @Override
        public void close() {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
        }
    }
}
