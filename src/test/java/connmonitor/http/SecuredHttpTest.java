package connmonitor.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A real server on 127.0.0.1 guarded as a web config says, asked by a real client. */
class SecuredHttpTest {

    private static final String HASH = TestPki.bcrypt("s3cret", 4);
    private static KeyPair serverKeys;
    private static X509Certificate serverCert;
    private static KeyPair caKeys;
    private static X509Certificate caCert;
    private HttpServer server;

    @BeforeAll
    static void pki() throws Exception {
        serverKeys = TestPki.keys("EC");
        serverCert = TestPki.selfSigned(serverKeys);
        caKeys = TestPki.keys("EC");
        caCert = TestPki.certificate("test CA", caKeys, "test CA", caKeys, true, null);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private SecuredHttp lastSecured;

    private URI serve(WebConfig config) throws IOException {
        SecuredHttp secured = SecuredHttp.of(config);
        lastSecured = secured;
        server = secured.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        secured.guard(server.createContext("/", exchange -> {
            byte[] body = "hello\n".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        }));
        server.start();
        return URI.create((config.tls().isPresent() ? "https" : "http") + "://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    private static TlsSettings tls(ClientAuth mode, List<X509Certificate> cas, List<String> sans) {
        return new TlsSettings(List.of(serverCert), serverKeys.getPrivate(), mode, cas, sans,
                List.of("TLSv1.2", "TLSv1.3"), List.of(), true, List.of());
    }

    private static HttpResponse<String> get(URI uri, SSLContext tls, String authorization) throws Exception {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (tls != null) {
            builder.sslContext(tls);
        }
        try (HttpClient client = builder.build()) {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
            if (authorization != null) {
                request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        authorization.getBytes(StandardCharsets.UTF_8)));
            }
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void basicAuthLetsInTheRightPasswordOnlyAndSaysHowToAuthenticate() throws Exception {
        URI uri = serve(new WebConfig(Optional.empty(), Map.of("prometheus", HASH), Map.of("X-Frame-Options", "deny")));
        HttpResponse<String> right = get(uri, null, "prometheus:s3cret");
        assertThat(right.statusCode()).isEqualTo(200);
        assertThat(right.body()).isEqualTo("hello\n");
        assertThat(right.headers().firstValue("X-Frame-Options")).contains("deny");
        for (String wrong : new String[] {null, "prometheus:wrong", "prometheus:", "nobody:s3cret", "prometheus:s3cret "}) {
            HttpResponse<String> refused = get(uri, null, wrong);
            assertThat(refused.statusCode()).as(wrong).isEqualTo(401);
            assertThat(refused.headers().firstValue("WWW-Authenticate")).as(wrong)
                    .contains("Basic realm=\"connmonitor\", charset=\"UTF-8\"");
            assertThat(refused.headers().firstValue("X-Frame-Options")).as("the configured headers, on a 401 too (as the toolkit)")
                    .contains("deny");
            assertThat(refused.body()).doesNotContain("hello");
        }
    }

    @Test
    void requestsBeyondTheRateLimitAre429BeforeAuthenticationWhateverTheirPassword() throws Exception {
        // an hour per token: after the burst of 3, nothing comes back while the test runs
        URI uri = serve(new WebConfig(Optional.empty(), Map.of("prometheus", HASH), Map.of("X-Frame-Options", "deny"),
                Optional.of(new RateLimit(Duration.ofHours(1), 3))));
        assertThat(get(uri, null, "prometheus:s3cret").statusCode()).isEqualTo(200);
        assertThat(get(uri, null, "prometheus:wrong").statusCode()).as("a refused login takes its token too").isEqualTo(401);
        assertThat(get(uri.resolve("/elsewhere"), null, "prometheus:s3cret").statusCode()).isEqualTo(200);
        for (String login : new String[] {"prometheus:s3cret", "prometheus:wrong", null}) {
            HttpResponse<String> limited = get(uri, null, login);
            assertThat(limited.statusCode()).as(login).isEqualTo(429);
            assertThat(limited.body()).isEqualTo("Too Many Requests\n");
            assertThat(limited.headers().firstValue("Content-Type")).contains("text/plain; charset=utf-8");
            assertThat(limited.headers().firstValue("WWW-Authenticate")).as("refused before authentication").isEmpty();
        }
    }

    @Test
    void theRateLimitsBucketRefillsAndIsSharedByEveryPathOfTheServer() throws Exception {
        URI uri = serve(new WebConfig(Optional.empty(), Map.of(), Map.of(), Optional.of(new RateLimit(Duration.ofMillis(300), 1))));
        secondContext(); // guarded by the same SecuredHttp, as the live view's and the metrics' paths are
        long start = System.nanoTime();
        assertThat(get(uri, null, null).statusCode()).isEqualTo(200);
        assertThat(get(uri.resolve("/second"), null, null).statusCode()).as("the other path shares the bucket").isEqualTo(429);
        int status;
        do { // a token comes back 300 ms after the first request: a late thread only makes the wait longer
            Thread.sleep(20);
            status = get(uri.resolve("/second"), null, null).statusCode();
        } while (status == 429 && System.nanoTime() - start < 10_000_000_000L);
        assertThat(status).isEqualTo(204);
        assertThat(System.nanoTime() - start).as("not before the interval").isGreaterThanOrEqualTo(300_000_000L);
    }

    private void secondContext() {
        lastSecured.guard(server.createContext("/second", exchange -> {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        }));
    }

    @Test
    void tlsServesHttpsAndAPlainRequestGetsNoAnswer() throws Exception {
        URI uri = serve(new WebConfig(Optional.of(tls(ClientAuth.NoClientCert, List.of(), List.of())),
                Map.of("prometheus", HASH), Map.of()));
        assertThat(get(uri, TestPki.client(serverCert, null), "prometheus:s3cret").statusCode()).isEqualTo(200);
        assertThat(get(uri, TestPki.client(serverCert, null), "prometheus:nope").statusCode()).isEqualTo(401);
        try (Socket plain = new Socket("127.0.0.1", uri.getPort())) {
            plain.setSoTimeout(10_000);
            plain.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\nAuthorization: Basic cHJvbWV0aGV1czpzM2NyZXQ=\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(readAll(plain.getInputStream()), StandardCharsets.ISO_8859_1);
            assertThat(answer).doesNotContain("HTTP/1.1").doesNotContain("hello");
        }
        assertThatThrownBy(() -> get(URI.create("http://127.0.0.1:" + uri.getPort() + "/"), null, "prometheus:s3cret"))
                .isInstanceOf(IOException.class);
    }

    @Test
    void aVerifiedClientCertificateMustChainToTheCaAndCarryAnAllowedSan() throws Exception {
        KeyPair clientKeys = TestPki.keys("EC");
        X509Certificate allowed = TestPki.certificate("prometheus", clientKeys, "test CA", caKeys, false,
                new GeneralName(GeneralName.dNSName, "prometheus.example"));
        X509Certificate otherSan = TestPki.certificate("intruder", clientKeys, "test CA", caKeys, false,
                new GeneralName(GeneralName.dNSName, "intruder.example"));
        X509Certificate selfSigned = TestPki.certificate("prometheus", clientKeys, "prometheus", clientKeys, false,
                new GeneralName(GeneralName.dNSName, "prometheus.example"));
        URI uri = serve(new WebConfig(Optional.of(tls(ClientAuth.RequireAndVerifyClientCert, List.of(caCert),
                List.of("prometheus.example"))), Map.of(), Map.of()));
        assertThat(get(uri, TestPki.client(serverCert, clientKeys, allowed, caCert), null).statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> get(uri, TestPki.client(serverCert, null), null)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> get(uri, TestPki.client(serverCert, clientKeys, selfSigned), null)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> get(uri, TestPki.client(serverCert, clientKeys, otherSan, caCert), null))
                .isInstanceOf(IOException.class);
    }

    @Test
    void requireAnyTakesAnyCertificateButNotNone() throws Exception {
        KeyPair clientKeys = TestPki.keys("EC");
        X509Certificate selfSigned = TestPki.certificate("anyone", clientKeys, "anyone", clientKeys, false, null);
        URI uri = serve(new WebConfig(Optional.of(tls(ClientAuth.RequireAnyClientCert, List.of(), List.of())),
                Map.of(), Map.of()));
        assertThat(get(uri, TestPki.client(serverCert, clientKeys, selfSigned), null).statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> get(uri, TestPki.client(serverCert, null), null)).isInstanceOf(IOException.class);
    }

    @Test
    void aRepeatedLoginCostsAHashNotABcrypt() {
        String costly = TestPki.bcrypt("s3cret", 10); // htpasswd's default cost
        BcryptUsers users = new BcryptUsers(Map.of("prometheus", costly));
        long first = System.nanoTime();
        assertThat(users.checkCredentials("prometheus", "s3cret")).isTrue();
        long bcrypt = System.nanoTime() - first;
        long[] repeats = new long[100];
        for (int i = 0; i < repeats.length; i++) {
            long start = System.nanoTime();
            assertThat(users.checkCredentials("prometheus", "s3cret")).isTrue();
            repeats[i] = System.nanoTime() - start;
        }
        java.util.Arrays.sort(repeats);
        // one bcrypt at cost 10 took 50-80 ms here, a remembered check a few microseconds: the median repeat under a
        // tenth of the first check fails if every check ran bcrypt again, and, unlike the hundred repeats' sum against
        // one bcrypt (as before), holds when a whole-machine stall (0.5-2 s on CI's VM) lands in a few of them
        assertThat(repeats[repeats.length / 2]).isLessThan(bcrypt / 10);
        assertThat(users.checkCredentials("prometheus", "S3cret")).isFalse();
        assertThat(users.checkCredentials("nobody", "s3cret")).isFalse();
        assertThat(users.rememberedCount()).isEqualTo(1); // failures are not remembered
    }

    @Test
    void theRememberedLoginsAreBounded() {
        String cheap = TestPki.bcrypt("pw", 4);
        Map<String, String> many = new java.util.HashMap<>();
        for (int i = 0; i < BcryptUsers.REMEMBERED + 20; i++) {
            many.put("user" + i, cheap);
        }
        BcryptUsers users = new BcryptUsers(many);
        many.keySet().forEach(user -> assertThat(users.checkCredentials(user, "pw")).isTrue());
        assertThat(users.rememberedCount()).isEqualTo(BcryptUsers.REMEMBERED);
    }

    private static byte[] readAll(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException reset) { // the server may reset the connection instead of closing it
            return new byte[0];
        }
    }
}
