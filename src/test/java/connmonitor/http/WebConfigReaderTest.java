package connmonitor.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The web config file in the exporter toolkit's format: what reads, and one clear line for everything that does not. */
class WebConfigReaderTest {

    /** bcrypt of "secret" at the lowest cost, so the tests stay fast. */
    private static final String HASH = TestPki.bcrypt("secret", 4);
    private static KeyPair rsa;
    private static X509Certificate rsaCert;

    @TempDir
    Path dir;

    @BeforeAll
    static void keys() throws Exception {
        rsa = TestPki.keys("RSA");
        rsaCert = TestPki.selfSigned(rsa);
    }

    private Path write(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private WebConfig read(String yaml) throws Exception {
        return WebConfigReader.read(write("web.yml", yaml));
    }

    /** The problem after "--web.config.file FILE: ". */
    private String problem(String yaml) throws Exception {
        Path file = write("web.yml", yaml);
        try {
            WebConfigReader.read(file);
        } catch (WebConfigException unusable) {
            assertThat(unusable.getMessage()).startsWith("--web.config.file " + file + ": ").doesNotContain("\n");
            return unusable.getMessage().substring(("--web.config.file " + file + ": ").length());
        }
        throw new AssertionError("read without an error: " + yaml);
    }

    private void serverFiles() throws Exception {
        write("server.crt", TestPki.pem(rsaCert));
        write("server.key", TestPki.pkcs8(rsa));
    }

    @Test
    void anEmptyFileIsPlainHttpWithoutAuthentication() throws Exception {
        assertThat(read("")).isEqualTo(WebConfig.PLAIN);
        assertThat(read("tls_server_config:\nbasic_auth_users:\n")).isEqualTo(WebConfig.PLAIN);
    }

    @Test
    void theToolkitsSampleReadsWithFilesRelativeToTheConfigsDirectory() throws Exception {
        serverFiles();
        WebConfig config = read("""
                tls_server_config:
                  cert_file: server.crt
                  key_file: server.key
                  min_version: TLS13
                  cipher_suites: [TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305]
                  prefer_server_cipher_suites: false
                  curve_preferences: [X25519, CurveP256]
                http_server_config:
                  http2: false
                  headers:
                    X-Frame-Options: deny
                    Strict-Transport-Security: max-age=31536000
                    X-XSS-Protection: ""
                basic_auth_users:
                  prometheus: %s
                  "alice smith": %s
                """.formatted(HASH, HASH));
        TlsSettings tls = config.tls().orElseThrow();
        assertThat(tls.chain()).containsExactly(rsaCert);
        assertThat(tls.key().getAlgorithm()).isEqualTo("RSA");
        assertThat(tls.clientAuth()).isEqualTo(ClientAuth.NoClientCert);
        assertThat(tls.protocols()).containsExactly("TLSv1.3");
        assertThat(tls.cipherSuites()).containsExactly("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"); // Go's short name, the JDK's full one
        assertThat(tls.serverOrder()).isFalse();
        assertThat(tls.namedGroups()).containsExactly("x25519", "secp256r1");
        assertThat(config.headers()).isEqualTo(Map.of("X-Frame-Options", "deny",
                "Strict-Transport-Security", "max-age=31536000"));
        assertThat(config.users()).isEqualTo(Map.of("prometheus", HASH, "alice smith", HASH));
        assertThat(config.summary()).isEqualTo("TLS, basic auth for 2 users");
    }

    /** Runs openssl in the test's directory, as a user would make keys and certificates. */
    private void openssl(String... arguments) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as(String.join(" ", command) + ": " + output).isZero();
    }

    @Test
    void everyKeyFormTheToolkitTakesReadsAsOpensslWritesIt() throws Exception {
        Map<String, String[]> forms = new java.util.LinkedHashMap<>();
        forms.put("RSA PRIVATE KEY", new String[] {"genrsa", "-traditional", "-out", "k.pem", "2048"});
        forms.put("PRIVATE KEY (RSA)", new String[] {"genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "k.pem"});
        forms.put("EC PRIVATE KEY", new String[] {"ecparam", "-name", "prime256v1", "-genkey", "-out", "k.pem"});
        forms.put("PRIVATE KEY (EC)", new String[] {"genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384", "-out", "k.pem"});
        forms.put("PRIVATE KEY (Ed25519)", new String[] {"genpkey", "-algorithm", "ed25519", "-out", "k.pem"});
        for (var form : forms.entrySet()) {
            openssl(form.getValue());
            openssl("req", "-new", "-x509", "-key", "k.pem", "-subj", "/CN=localhost", "-days", "1", "-out", "c.pem");
            assertThat(Files.readString(dir.resolve("k.pem"))).contains("BEGIN " + form.getKey().replaceFirst(" \\(.*", ""));
            TlsSettings tls = read("tls_server_config: {cert_file: c.pem, key_file: k.pem}").tls().orElseThrow();
            assertThat(tls.chain().getFirst().getSubjectX500Principal().getName()).as(form.getKey()).isEqualTo("CN=localhost");
            assertThat(TlsContext.context(tls)).as(form.getKey()).isNotNull();
        }
        openssl("pkey", "-in", "k.pem", "-aes128", "-passout", "pass:x", "-out", "encrypted8.pem");
        assertThat(problem("tls_server_config: {cert_file: c.pem, key_file: encrypted8.pem}"))
                .isEqualTo("key_file encrypted8.pem is encrypted: give the key without a passphrase");
        openssl("genrsa", "-traditional", "-aes128", "-passout", "pass:x", "-out", "encrypted1.pem", "2048");
        assertThat(problem("tls_server_config: {cert_file: c.pem, key_file: encrypted1.pem}"))
                .isEqualTo("key_file encrypted1.pem is encrypted: give the key without a passphrase");
    }

    @Test
    void certificatesAndKeysMayBeInline() throws Exception {
        String indentedCert = TestPki.pem(rsaCert).indent(4);
        String indentedKey = TestPki.pkcs8(rsa).indent(4);
        WebConfig config = read("tls_server_config:\n  cert: |\n" + indentedCert + "  key: |\n" + indentedKey);
        assertThat(config.tls().orElseThrow().chain()).containsExactly(rsaCert);
    }

    @Test
    void clientCertificatesNeedACaExactlyWhenTheyAreVerified() throws Exception {
        serverFiles();
        write("ca.crt", TestPki.pem(rsaCert));
        String base = "tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n";
        TlsSettings verified = read(base + "  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: ca.crt\n"
                + "  client_allowed_sans: [monitor.example]\n").tls().orElseThrow();
        assertThat(verified.clientAuth()).isEqualTo(ClientAuth.RequireAndVerifyClientCert);
        assertThat(verified.clientCas()).containsExactly(rsaCert);
        assertThat(verified.allowedSans()).containsExactly("monitor.example");
        assertThat(read(base + "  client_auth_type: RequireAnyClientCert\n").tls().orElseThrow().clientCas()).isEmpty();

        assertThat(problem(base + "  client_auth_type: RequireAndVerifyClientCert\n"))
                .isEqualTo("client_auth_type RequireAndVerifyClientCert needs client_ca_file (or client_ca)");
        assertThat(problem(base + "  client_auth_type: VerifyClientCertIfGiven\n"))
                .isEqualTo("client_auth_type VerifyClientCertIfGiven needs client_ca_file (or client_ca)");
        assertThat(problem(base + "  client_ca_file: ca.crt\n"))
                .isEqualTo("client_ca_file ca.crt is given but client_auth_type NoClientCert asks no client certificate");
        assertThat(problem(base + "  client_auth_type: VerifyClientCertIfGiven\n  client_ca_file: ca.crt\n"
                + "  client_allowed_sans: [a]\n")).startsWith("client_allowed_sans needs client_auth_type RequireAnyClientCert");
        assertThat(problem(base + "  client_auth_type: requireandverifyclientcert\n"))
                .startsWith("client_auth_type 'requireandverifyclientcert' is none of NoClientCert, RequestClientCert,");
    }

    @Test
    void fileProblemsNameTheFileAndWhatIsWrong() throws Exception {
        Path missing = dir.resolve("absent.yml");
        assertThatThrownBy(() -> WebConfigReader.read(missing)).isInstanceOf(WebConfigException.class)
                .hasMessage("--web.config.file " + missing + ": no such file");
        assertThatThrownBy(() -> WebConfigReader.read(dir)).hasMessage("--web.config.file " + dir + ": is a directory");
        Path latin1 = dir.resolve("latin1.yml");
        Files.write(latin1, new byte[] {'a', ':', ' ', (byte) 0xe9});
        assertThatThrownBy(() -> WebConfigReader.read(latin1)).hasMessage("--web.config.file " + latin1 + ": is not UTF-8 text");
        if (!System.getProperty("user.name").equals("root")) { // root reads any file
            Path locked = write("locked.yml", "");
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
            assertThatThrownBy(() -> WebConfigReader.read(locked)).hasMessageEndingWith(": permission denied");
        }
    }

    @Test
    void aRateLimitReadsAsTheToolkitReadsItAndWhatCannotBeMeantIsAnError() throws Exception {
        WebConfig limited = read("rate_limit:\n  interval: 1m30s\n  burst: 5\n");
        assertThat(limited.rateLimit()).contains(new RateLimit(java.time.Duration.ofSeconds(90), 5));
        assertThat(limited.summary()).isEqualTo("plain HTTP, at most 5 requests at once and one more every 1m30s");
        assertThat(read("rate_limit:\n  interval: 250ms\n  burst: 1\n").summary())
                .isEqualTo("plain HTTP, at most 1 request at once and one more every 250ms");
        // no interval, or 0, is no limit whatever the burst (as the toolkit)
        assertThat(read("rate_limit:\n  burst: 5\n")).isEqualTo(WebConfig.PLAIN);
        assertThat(read("rate_limit:\n  interval: 0\n  burst: 0\n")).isEqualTo(WebConfig.PLAIN);
        assertThat(read("rate_limit:\n")).isEqualTo(WebConfig.PLAIN);
        assertThat(problem("rate_limit:\n  interval: 1s\n")).isEqualTo("rate_limit.burst must be at least 1 with an "
                + "interval (0 or none would answer every request 429)");
        assertThat(problem("rate_limit:\n  interval: -1s\n  burst: 1\n")).isEqualTo("rate_limit.interval '-1s' is negative");
        assertThat(problem("rate_limit:\n  interval: 1 second\n  burst: 1\n"))
                .isEqualTo("rate_limit.interval '1 second' is not a duration (such as 500ms, 10s, 1m30s)");
        assertThat(problem("rate_limit:\n  interval: 1d\n  burst: 1\n"))
                .isEqualTo("rate_limit.interval '1d': unknown unit 'd' (ns, us, ms, s, m, h)");
        assertThat(problem("rate_limit:\n  interval: 1s\n  burst: many\n"))
                .isEqualTo("rate_limit.burst 'many' is not a whole number of requests");
        assertThat(problem("rate_limit:\n  burst: -2\n")).isEqualTo("rate_limit.burst '-2' is negative");
        assertThat(problem("rate_limit:\n  intervall: 1s\n")).isEqualTo("unknown key 'rate_limit.intervall' (known: burst, interval)");
        assertThat(problem("rate_limit: 10\n")).isEqualTo("rate_limit must be a mapping of keys to values");
    }

    @Test
    void yamlProblemsSayWhere() throws Exception {
        assertThat(problem("basic_auth_users:\n  a: [unclosed\n")).startsWith("not valid YAML (line ");
        assertThat(problem("- a\n- b\n")).isEqualTo("the file must be a mapping of keys to values");
        assertThat(problem("basic_auth_users: {}\nbasic_auth_users: {}\n")).startsWith("'basic_auth_users' is given twice");
        assertThat(problem("a: 1\n---\nb: 2\n")).isEqualTo("more than one YAML document");
        assertThat(problem("basic_auth_user:\n  a: b\n")).isEqualTo("unknown key 'basic_auth_user' "
                + "(known: basic_auth_users, http_server_config, rate_limit, tls_server_config)");
        assertThat(problem("tls_server_config:\n  certfile: a\n")).startsWith("unknown key 'tls_server_config.certfile' (known: ");
        assertThat(problem("http_server_config:\n  headers:\n    Server: x\n"))
                .startsWith("unknown key 'http_server_config.headers.Server' (known: ");
        assertThat(problem("http_server_config:\n  http2: yes please\n")).isEqualTo("http_server_config.http2 must be true or false");
        assertThat(problem("tls_server_config:\n  cert_file: [a, b]\n")).isEqualTo("tls_server_config.cert_file must be a single value");
        serverFiles();
        assertThat(problem("tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n"
                + "  cipher_suites: TLS_AES_128_GCM_SHA256\n"))
                .isEqualTo("tls_server_config.cipher_suites must be a list");
        assertThat(problem("tls_server_config: on\n")).isEqualTo("tls_server_config must be a mapping of keys to values");
    }

    @Test
    void tlsProblemsSayWhichKeyAndFile() throws Exception {
        serverFiles();
        String base = "tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n";
        assertThat(problem("tls_server_config:\n  min_version: TLS13\n")).isEqualTo("tls_server_config needs cert_file (or cert)");
        assertThat(problem("tls_server_config:\n  cert_file: server.crt\n")).isEqualTo("tls_server_config needs key_file (or key)");
        assertThat(problem("tls_server_config:\n  cert_file: nothere.crt\n  key_file: server.key\n"))
                .isEqualTo("cert_file " + dir.resolve("nothere.crt") + ": no such file");
        assertThat(problem("tls_server_config:\n  cert_file: server.crt\n  cert: x\n  key_file: server.key\n"))
                .isEqualTo("tls_server_config gives both cert and cert_file");
        write("garbage.pem", "not a certificate\n");
        assertThat(problem("tls_server_config:\n  cert_file: garbage.pem\n  key_file: server.key\n"))
                .isEqualTo("cert_file garbage.pem holds no PEM CERTIFICATE block");
        assertThat(problem("tls_server_config:\n  cert_file: server.key\n  key_file: server.key\n"))
                .isEqualTo("cert_file server.key holds a PrivateKeyInfo where a CERTIFICATE was expected");
        assertThat(problem("tls_server_config:\n  cert_file: server.crt\n  key_file: server.crt\n"))
                .isEqualTo("key_file server.crt holds a X509CertificateHolder where a PRIVATE KEY was expected");
        write("broken.pem", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        assertThat(problem("tls_server_config:\n  cert_file: server.crt\n  key_file: broken.pem\n"))
                .startsWith("key_file broken.pem is not a PEM private key: ");
        write("other.key", TestPki.pkcs8(TestPki.keys("RSA")));
        assertThat(problem("tls_server_config:\n  cert_file: server.crt\n  key_file: other.key\n"))
                .isEqualTo("key_file other.key is not the key of cert_file server.crt's first certificate");
        assertThat(problem(base + "  min_version: TLS1.2\n"))
                .isEqualTo("tls_server_config.min_version 'TLS1.2' is none of TLS10, TLS11, TLS12, TLS13");
        assertThat(problem(base + "  min_version: TLS13\n  max_version: TLS12\n"))
                .isEqualTo("tls_server_config.min_version is above max_version");
        assertThat(problem(base + "  cipher_suites: [TLS_RSA_WITH_RC4_128_MD5X]\n"))
                .isEqualTo("tls_server_config.cipher_suites: 'TLS_RSA_WITH_RC4_128_MD5X' is not a cipher suite this Java supports");
        assertThat(problem(base + "  curve_preferences: [P256]\n"))
                .isEqualTo("tls_server_config.curve_preferences: 'P256' is none of CurveP256, CurveP384, CurveP521, X25519");
    }

    @Test
    void usersNeedBcryptHashesAndNamesBasicAuthCanCarry() throws Exception {
        assertThat(problem("basic_auth_users:\n  prometheus: secret\n")).startsWith("basic_auth_users.prometheus is not a bcrypt hash");
        assertThat(problem("basic_auth_users:\n  prometheus: \"{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=\"\n"))
                .startsWith("basic_auth_users.prometheus is not a bcrypt hash");
        assertThat(problem("basic_auth_users:\n  prometheus:\n")).startsWith("basic_auth_users.prometheus is not a bcrypt hash");
        assertThat(problem("basic_auth_users:\n  prometheus: " + HASH.substring(0, 50) + "\n"))
                .startsWith("basic_auth_users.prometheus is not a bcrypt hash");
        assertThat(problem("basic_auth_users:\n  \"a:b\": " + HASH + "\n"))
                .isEqualTo("basic_auth_users: user name 'a:b' cannot be sent in basic auth (empty, a ':' or a control character)");
        assertThat(problem("basic_auth_users: [a, b]\n")).isEqualTo("basic_auth_users must be a mapping of keys to values");
        assertThat(read("basic_auth_users:\n  a: " + HASH.replace("$2y$", "$2a$") + "\n  b: "
                + HASH.replace("$2y$", "$2b$") + "\n").users()).hasSize(2);
    }

    @Test
    void headersTakeTheToolkitsValuesOnly() throws Exception {
        assertThat(problem("http_server_config:\n  headers:\n    X-Frame-Options: allow-from x\n"))
                .isEqualTo("http_server_config.headers.X-Frame-Options 'allow-from x' is none of deny, sameorigin");
        assertThat(problem("http_server_config:\n  headers:\n    X-Content-Type-Options: sniff\n"))
                .isEqualTo("http_server_config.headers.X-Content-Type-Options 'sniff' is none of nosniff");
        assertThat(problem("http_server_config:\n  headers:\n    Content-Security-Policy: \"a\\r\\nSet-Cookie: x\"\n"))
                .isEqualTo("http_server_config.headers.Content-Security-Policy holds a control or non-ASCII character");
        assertThat(read("http_server_config:\n  headers:\n    X-Frame-Options: SAMEORIGIN\n").headers())
                .isEqualTo(Map.of("X-Frame-Options", "SAMEORIGIN"));
        assertThat(List.of(read("http_server_config:\n  http2: true\n"))).containsExactly(WebConfig.PLAIN);
    }
}
