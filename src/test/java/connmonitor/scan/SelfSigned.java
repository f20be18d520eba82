package connmonitor.scan;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/** A self-signed server certificate made by the JDK's keytool for this test run, as an admin would. */
final class SelfSigned {

    private static final char[] PASSWORD = "connmonitor-test".toCharArray();

    private final KeyStore keyStore;

    private SelfSigned(KeyStore keyStore) {
        this.keyStore = keyStore;
    }

    /** @param subjectAltNames keytool SAN entries, e.g. "ip:127.1.2.3", "ip:::1", "dns:localhost" */
    static SelfSigned generate(List<String> subjectAltNames) throws IOException, InterruptedException, GeneralSecurityException {
        Path dir = Files.createTempDirectory("scan-cert-");
        Path file = dir.resolve("server.p12");
        try {
            Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
            Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "server",
                    "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=connmonitor scan test",
                    "-validity", "2", "-ext", "SAN=" + String.join(",", subjectAltNames),
                    "-keystore", file.toString(), "-storetype", "PKCS12",
                    "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException("keytool failed: " + output);
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(file)) {
                store.load(in, PASSWORD);
            }
            return new SelfSigned(store);
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    /** What an HTTPS server presenting this certificate needs. */
    SSLContext serverContext() throws GeneralSecurityException {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(keyStore, PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    /** Writes the certificate and its private key as PEM files, for servers that are not Java (nginx). */
    void writePem(Path certificateFile, Path keyFile) throws GeneralSecurityException, IOException {
        Base64.Encoder base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        Files.writeString(certificateFile, "-----BEGIN CERTIFICATE-----\n"
                + base64.encodeToString(keyStore.getCertificate("server").getEncoded()) + "\n-----END CERTIFICATE-----\n");
        Files.writeString(keyFile, "-----BEGIN PRIVATE KEY-----\n"
                + base64.encodeToString(keyStore.getKey("server", PASSWORD).getEncoded()) + "\n-----END PRIVATE KEY-----\n");
    }

    /** A trust manager that trusts exactly this certificate, as if it were in the JDK's cacerts. */
    X509ExtendedTrustManager trustingIt() throws GeneralSecurityException, IOException {
        KeyStore anchors = KeyStore.getInstance("PKCS12");
        anchors.load(null, null);
        anchors.setCertificateEntry("server", keyStore.getCertificate("server"));
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(anchors);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509ExtendedTrustManager extended) {
                return extended;
            }
        }
        throw new IllegalStateException("no X509ExtendedTrustManager");
    }
}
