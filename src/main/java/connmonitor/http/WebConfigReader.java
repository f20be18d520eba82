package connmonitor.http;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a web config file in the Prometheus exporter toolkit's format ({@code --web.config.file}): every
 * key checked, every file it names read, every hash checked to be bcrypt, so that a file that reads
 * serves exactly what it says. Unknown keys are errors (a misspelt {@code basic_auth_users} must not
 * serve without a password).
 */
public final class WebConfigReader {

    private static final Set<String> KEYS = Set.of("tls_server_config", "http_server_config", "basic_auth_users",
            "rate_limit");
    private static final Set<String> HTTP_KEYS = Set.of("http2", "headers");
    private static final Set<String> RATE_LIMIT_KEYS = Set.of("interval", "burst");
    /** The headers the toolkit lets a config set, and for two of them the only values it takes. */
    private static final Map<String, List<String>> HEADERS = Map.of(
            "Content-Security-Policy", List.of(),
            "X-Frame-Options", List.of("deny", "sameorigin"),
            "X-Content-Type-Options", List.of("nosniff"),
            "X-XSS-Protection", List.of(),
            "Strict-Transport-Security", List.of());
    /** $2a$, $2b$ or $2y$, a two-digit cost, 22 characters of salt and 31 of hash in bcrypt's base64. */
    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$(0[4-9]|[12][0-9]|3[01])\\$[./A-Za-z0-9]{53}");

    private WebConfigReader() {
    }

    /** Reads and checks the file and everything it names. */
    public static WebConfig read(Path file) throws WebConfigException {
        String text = readText(file);
        try {
            return parse(text, file.toAbsolutePath().getParent());
        } catch (IllegalArgumentException problem) {
            throw new WebConfigException(file, problem.getMessage(), problem);
        }
    }

    /** Reads the text of a web config file; relative file names in it are taken from {@code directory}. */
    static WebConfig parse(String text, Path directory) {
        Map<String, Object> top = Sections.mapping(YamlTree.parse(text), "", KEYS);
        Map<String, String> headers = headers(Sections.mapping(top.get("http_server_config"), "http_server_config", HTTP_KEYS));
        Map<String, String> users = users(top.get("basic_auth_users"));
        return new WebConfig(TlsSection.read(top.get("tls_server_config"), directory), users, headers,
                rateLimit(Sections.mapping(top.get("rate_limit"), "rate_limit", RATE_LIMIT_KEYS)));
    }

    /**
     * As the toolkit: no interval (or 0) is no limit, whatever the burst. Stricter: a negative interval (the
     * toolkit then lets everything through) and a burst under 1 with an interval (it then refuses every
     * request) are errors, since neither can be what the file's author meant.
     */
    private static Optional<RateLimit> rateLimit(Map<String, Object> section) {
        Optional<String> interval = Sections.string(section, "interval", "rate_limit");
        Duration every = interval.map(text -> GoDuration.parse(text, "rate_limit.interval"))
                .orElse(Duration.ZERO);
        if (every.isZero()) {
            Sections.string(section, "burst", "rate_limit").ifPresent(WebConfigReader::burst); // still checked
            return Optional.empty();
        }
        if (every.isNegative()) {
            throw new IllegalArgumentException("rate_limit.interval '" + interval.get() + "' is negative");
        }
        int burst = Sections.string(section, "burst", "rate_limit").map(WebConfigReader::burst).orElse(0);
        if (burst < 1) {
            throw new IllegalArgumentException("rate_limit.burst must be at least 1 with an interval (0 or none would "
                    + "answer every request 429)");
        }
        return Optional.of(new RateLimit(every, burst));
    }

    private static int burst(String text) {
        try {
            int burst = Integer.parseInt(text);
            if (burst < 0) {
                throw new IllegalArgumentException("rate_limit.burst '" + text + "' is negative");
            }
            return burst;
        } catch (NumberFormatException notAnInteger) {
            throw new IllegalArgumentException("rate_limit.burst '" + text + "' is not a whole number of requests");
        }
    }

    private static Map<String, String> headers(Map<String, Object> http) {
        Sections.bool(http, "http2", "http_server_config", true); // checked, but the JDK's server speaks HTTP/1.1 only
        Map<String, Object> given = Sections.mapping(http.get("headers"), "http_server_config.headers", HEADERS.keySet());
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : given.keySet()) {
            Optional<String> value = Sections.string(given, name, "http_server_config.headers");
            if (value.isEmpty()) {
                continue; // "unset if blank"
            }
            List<String> allowed = HEADERS.get(name);
            if (!allowed.isEmpty() && !allowed.contains(value.get().toLowerCase(java.util.Locale.ROOT))) {
                throw new IllegalArgumentException("http_server_config.headers." + name + " '" + value.get()
                        + "' is none of " + String.join(", ", allowed));
            }
            if (!value.get().chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
                throw new IllegalArgumentException("http_server_config.headers." + name
                        + " holds a control or non-ASCII character");
            }
            headers.put(name, value.get());
        }
        return headers;
    }

    private static Map<String, String> users(Object value) {
        Map<String, Object> given = Sections.mapping(value, "basic_auth_users", null);
        Map<String, String> users = new LinkedHashMap<>();
        for (String user : given.keySet()) {
            Optional<String> hash = Sections.string(given, user, "basic_auth_users");
            if (user.isEmpty() || user.contains(":") || !user.chars().allMatch(c -> c >= 0x20 && c != 0x7f)) {
                throw new IllegalArgumentException("basic_auth_users: user name '" + user
                        + "' cannot be sent in basic auth (empty, a ':' or a control character)");
            }
            if (hash.isEmpty() || !BCRYPT.matcher(hash.get()).matches()) {
                throw new IllegalArgumentException("basic_auth_users." + user + " is not a bcrypt hash "
                        + "($2y$10$ and 53 more characters, as htpasswd -nbB makes): passwords are never given in clear");
            }
            users.put(user, hash.get());
        }
        return users;
    }

    private static String readText(Path file) throws WebConfigException {
        try {
            if (Files.isDirectory(file)) {
                throw new WebConfigException(file, "is a directory");
            }
            if (Files.size(file) > YamlTree.MAX_BYTES) {
                throw new WebConfigException(file, "is larger than 1 MiB: not a web config file");
            }
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (NoSuchFileException missing) {
            throw new WebConfigException(file, "no such file", missing);
        } catch (AccessDeniedException denied) {
            throw new WebConfigException(file, "permission denied", denied);
        } catch (CharacterCodingException notText) {
            throw new WebConfigException(file, "is not UTF-8 text", notText);
        } catch (IOException unreadable) {
            throw new WebConfigException(file, "cannot read (" + unreadable.getMessage() + ")", unreadable);
        }
    }
}
