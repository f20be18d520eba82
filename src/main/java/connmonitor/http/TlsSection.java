package connmonitor.http;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.KeyManagementException;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * Reads {@code tls_server_config}: the toolkit's keys, Go's names for versions, cipher suites and curves
 * turned into the JDK's, files relative to the web config file's own directory (as the toolkit does).
 * An empty or missing section is plain HTTP; a section that names anything needs a certificate and key.
 */
final class TlsSection {

    static final String PATH = "tls_server_config";
    private static final Set<String> KEYS = Set.of("cert", "key", "client_ca", "cert_file", "key_file",
            "client_auth_type", "client_ca_file", "client_allowed_sans", "min_version", "max_version",
            "cipher_suites", "prefer_server_cipher_suites", "curve_preferences");
    private static final List<String> VERSIONS = List.of("TLS10", "TLS11", "TLS12", "TLS13");
    private static final List<String> JDK_VERSIONS = List.of("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");
    private static final Map<String, String> CURVES = Map.of("CurveP256", "secp256r1", "CurveP384", "secp384r1",
            "CurveP521", "secp521r1", "X25519", "x25519");
    /** A PEM file of a few certificates is kilobytes; anything near this is the wrong file. */
    private static final long MAX_PEM_BYTES = 1 << 20;

    private TlsSection() {
    }

    static Optional<TlsSettings> read(Object value, Path directory) {
        Map<String, Object> section = Sections.mapping(value, PATH, KEYS);
        if (section.values().stream().allMatch(v -> v instanceof YamlTree.Scalar s && s.isNull())) {
            return Optional.empty();
        }
        String cert = pem(section, "cert", directory)
                .orElseThrow(() -> new IllegalArgumentException(PATH + " needs cert_file (or cert)"));
        String key = pem(section, "key", directory)
                .orElseThrow(() -> new IllegalArgumentException(PATH + " needs key_file (or key)"));
        List<X509Certificate> chain = Pem.certificates(cert, name(section, "cert"));
        PrivateKey privateKey = Pem.privateKey(key, name(section, "key"));
        if (!Pem.matches(privateKey, chain.getFirst())) {
            throw new IllegalArgumentException(name(section, "key") + " is not the key of " + name(section, "cert")
                    + "'s first certificate");
        }
        ClientAuth clientAuth = Sections.string(section, "client_auth_type", PATH).map(ClientAuth::parse)
                .orElse(ClientAuth.NoClientCert);
        Optional<String> ca = pem(section, "client_ca", directory);
        if (ca.isPresent() && !clientAuth.asks) {
            throw new IllegalArgumentException(name(section, "client_ca") + " is given but client_auth_type "
                    + clientAuth + " asks no client certificate");
        }
        if (ca.isEmpty() && clientAuth.verified) {
            throw new IllegalArgumentException("client_auth_type " + clientAuth + " needs client_ca_file (or client_ca)");
        }
        List<X509Certificate> clientCas = ca.map(text -> Pem.certificates(text, name(section, "client_ca"))).orElse(List.of());
        List<String> sans = Sections.strings(section, "client_allowed_sans", PATH);
        if (!sans.isEmpty() && !clientAuth.required) {
            throw new IllegalArgumentException("client_allowed_sans needs client_auth_type RequireAnyClientCert or "
                    + "RequireAndVerifyClientCert (else a client without a certificate gets in)");
        }
        int min = version(section, "min_version", "TLS12");
        int max = version(section, "max_version", "TLS13");
        if (min > max) {
            throw new IllegalArgumentException(PATH + ".min_version is above max_version");
        }
        return Optional.of(new TlsSettings(chain, privateKey, clientAuth, clientCas, sans,
                JDK_VERSIONS.subList(min, max + 1), cipherSuites(Sections.strings(section, "cipher_suites", PATH)),
                Sections.bool(section, "prefer_server_cipher_suites", PATH, true),
                curves(Sections.strings(section, "curve_preferences", PATH))));
    }

    /** The PEM text given inline under {@code base}, or read from {@code base_file}; not both. */
    private static Optional<String> pem(Map<String, Object> section, String base, Path directory) {
        Optional<String> inline = Sections.string(section, base, PATH);
        Optional<String> file = Sections.string(section, base + "_file", PATH);
        if (inline.isPresent() && file.isPresent()) {
            throw new IllegalArgumentException(PATH + " gives both " + base + " and " + base + "_file");
        }
        return file.isPresent() ? Optional.of(readFile(directory.resolve(file.get()), base + "_file")) : inline;
    }

    private static String readFile(Path file, String key) {
        try {
            if (Files.isDirectory(file)) {
                throw new IllegalArgumentException(key + " " + file + " is a directory");
            }
            if (Files.size(file) > MAX_PEM_BYTES) {
                throw new IllegalArgumentException(key + " " + file + " is larger than 1 MiB: not a PEM file");
            }
            return Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException missing) {
            throw new IllegalArgumentException(key + " " + file + ": no such file", missing);
        } catch (AccessDeniedException denied) {
            throw new IllegalArgumentException(key + " " + file + ": permission denied", denied);
        } catch (IOException unreadable) {
            throw new IllegalArgumentException(key + " " + file + ": cannot read (" + unreadable.getMessage() + ")", unreadable);
        }
    }

    private static String name(Map<String, Object> section, String base) {
        Optional<String> file = Sections.string(section, base + "_file", PATH);
        return file.isPresent() ? base + "_file " + file.get() : PATH + "." + base;
    }

    private static int version(Map<String, Object> section, String key, String otherwise) {
        String name = Sections.string(section, key, PATH).orElse(otherwise);
        int index = VERSIONS.indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException(PATH + "." + key + " '" + name + "' is none of " + String.join(", ", VERSIONS));
        }
        return index;
    }

    /** Go's names are IANA's, but for a few ChaCha20 suites that Go names without their _SHA256. */
    private static List<String> cipherSuites(List<String> names) {
        if (names.isEmpty()) {
            return List.of();
        }
        Set<String> supported;
        try {
            // not SSLContext.getDefault(): that loads the system's CA certificates, seconds on a cold runtime
            SSLContext plain = SSLContext.getInstance("TLS");
            plain.init(new KeyManager[0], new TrustManager[0], null);
            supported = Set.of(plain.getSupportedSSLParameters().getCipherSuites());
        } catch (NoSuchAlgorithmException | KeyManagementException impossible) {
            throw new IllegalStateException("the JDK has no TLS", impossible);
        }
        List<String> suites = new ArrayList<>();
        for (String name : names) {
            String jdk = supported.contains(name) ? name : name + "_SHA256";
            if (!supported.contains(jdk)) {
                throw new IllegalArgumentException(PATH + ".cipher_suites: '" + name + "' is not a cipher suite this Java supports");
            }
            suites.add(jdk);
        }
        return suites;
    }

    private static List<String> curves(List<String> names) {
        List<String> groups = new ArrayList<>();
        for (String name : names) {
            String group = CURVES.get(name);
            if (group == null) {
                String[] known = CURVES.keySet().stream().sorted().toArray(String[]::new);
                throw new IllegalArgumentException(PATH + ".curve_preferences: '" + name + "' is none of "
                        + String.join(", ", Arrays.asList(known)));
            }
            groups.add(group);
        }
        return groups;
    }
}
