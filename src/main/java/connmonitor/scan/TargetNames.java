package connmonitor.scan;

import connmonitor.config.Target;
import java.net.IDN;
import java.util.regex.Pattern;

/** How a scan names its target to a server: in the Host header, for SNI and the certificate check. */
final class TargetNames {

    /** An RFC 1123 host name; anything else from the config (IP literals, odd text) is replaced by the address. */
    private static final Pattern HOST_NAME = Pattern.compile(
            "(?=.{1,253}\\.?$)[A-Za-z0-9](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?)*\\.?");
    private static final Pattern DIGITS_AND_DOTS = Pattern.compile("[0-9.]+");

    private TargetNames() {
    }

    /**
     * The host as the config wrote it when it is a name (internationalised names in their ASCII form),
     * else the address ("::1", "127.0.0.1").
     */
    static String peer(Target target) {
        String name;
        try {
            name = IDN.toASCII(target.name(), IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException notAName) {
            return target.addressText();
        }
        boolean usable = HOST_NAME.matcher(name).matches() && !DIGITS_AND_DOTS.matcher(name).matches();
        return usable ? name : target.addressText();
    }

    /** The Host header value: IPv6 in brackets, the port only when it is not the scheme's default. */
    static String header(Target target, int port, int defaultPort) {
        String host = peer(target);
        if (host.indexOf(':') >= 0) {
            int zone = host.indexOf('%');
            host = "[" + (zone >= 0 ? host.substring(0, zone) : host) + "]"; // a zone id means nothing to the server
        }
        return port == defaultPort ? host : host + ":" + port;
    }
}
