package connmonitor.scan;

import connmonitor.support.Loopback;
import com.fasterxml.jackson.databind.JsonNode;
import connmonitor.support.Connmonitor;
import connmonitor.support.DebPackage;
import connmonitor.support.Json;
import connmonitor.support.PackageRoot;
import connmonitor.support.ServiceUnit;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The installed package, as the service's unprivileged user with only CAP_NET_RAW, pings, traces and
 * scans real HTTP, HTTPS and MySQL servers: its jlink runtime (only the modules jdeps found) has all the
 * TLS and certificate checking a scan needs, which no test of the jar on a full JDK can show.
 */
class PackagedScanIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final char[] PASSWORD = "connmonitor-test".toCharArray();

    @Test
    void theBundledRuntimeAsTheServiceUserPingsTracesAndScansAllThreeServices() throws Exception {
        InetAddress address = Loopback.randomV4WithFree(80, 443, 3306);
        String host = address.getHostAddress();
        SelfSigned certificate = SelfSigned.generate(List.of("ip:" + host));
        byte[] greeting = MysqlPackets.greeting("10.11.6-MariaDB-0+deb12u1");
        try (PackageRoot root = PackageRoot.install(DebPackage.deb());
                TestWebServer http = TestWebServer.http(address, 80, 200, "packaged/1.0");
                TestWebServer https = TestWebServer.https(address, 443, 204, "packaged-tls/1.0",
                        certificate.serverContext());
                TestPeer mysql = TestPeer.start(address, 3306, client -> {
                    client.getOutputStream().write(greeting);
                    client.getInputStream().read();
                })) {
            Path trustStore = trustStoreWith(certificate, root.dir());
            ServiceUnit unit = ServiceUnit.read(root.path("/lib/systemd/system/connmonitor.service"));
            List<String> command = new ArrayList<>(unit.setpriv(ServiceUnit.dynamicUid()));
            command.addAll(List.of("env", "CONNMONITOR_JAVA_OPTS=-Djavax.net.ssl.trustStore=" + trustStore
                    + " -Djavax.net.ssl.trustStorePassword=" + new String(PASSWORD),
                    root.path("/usr/bin/connmonitor").toString()));
            try (Connmonitor connmonitor = Connmonitor.start(command)) {
                connmonitor.writeStdin(host + " ping=200 numpings=3 trace=1000 scan=500 json=1\n", true);
                Map<String, JsonNode> first = firstRecordOfEachKind(connmonitor);
                assertThat(first.get("ping").at("/ping/loss").asDouble()).isZero();
                assertThat(first.get("trace").get("trace").toString()).startsWith("[[\"" + host + "\",");
                JsonNode scan = first.get("scan").get("scan");
                assertThat(scan.at("/http/response code").asText()).isEqualTo("200");
                assertThat(scan.at("/http/server").asText()).isEqualTo("packaged/1.0");
                assertThat(scan.at("/https/response code").asText()).isEqualTo("204");
                assertThat(scan.at("/https/server").asText()).isEqualTo("packaged-tls/1.0");
                assertThat(scan.at("/https/certificate verified").asBoolean()).isTrue();
                assertThat(scan.at("/mysql/version").asText()).isEqualTo("10.11.6-MariaDB-0+deb12u1");
                connmonitor.signal("TERM");
                assertThat(connmonitor.waitFor(WAIT)).isZero();
                assertThat(connmonitor.stderrLines()).isEmpty();
            }
        }
    }

    /**
     * The first ping, trace and scan record, in whatever order they come: each loop starts at its own
     * random offset, and a trace whose route never changes is printed only once, so it may well come
     * before the first ping.
     */
    private static Map<String, JsonNode> firstRecordOfEachKind(Connmonitor connmonitor) throws InterruptedException {
        Map<String, JsonNode> first = new HashMap<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (first.size() < 3) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("within " + WAIT + " only these kinds of record came: " + first.keySet());
            }
            JsonNode record = Json.parse(connmonitor.nextLine(Duration.ofNanos(left)));
            for (String kind : List.of("ping", "trace", "scan")) {
                if (record.has(kind)) {
                    first.putIfAbsent(kind, record);
                }
            }
        }
        return first;
    }

    /** A PKCS12 trust store holding only the test server's certificate, readable by the service user. */
    private static Path trustStoreWith(SelfSigned certificate, Path dir) throws Exception {
        Path pem = dir.resolve("server.pem");
        certificate.writePem(pem, dir.resolve("server.key"));
        Files.delete(dir.resolve("server.key"));
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            store.setCertificateEntry("server", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        Path file = dir.resolve("trust.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, PASSWORD);
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        return file;
    }
}
