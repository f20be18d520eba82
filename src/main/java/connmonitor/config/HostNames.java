package connmonitor.config;

import java.net.IDN;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Checks a host name before any DNS query: a name no DNS server could hold is rejected here, so
 * garbage in a config never leaves the machine as a query.
 */
final class HostNames {

    private static final int MAX_NAME = 253;
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?");

    private HostNames() {
    }

    /** The name in ASCII (internationalised names converted), or an UnknownHostException saying why not. */
    static String checked(String host) throws UnknownHostException {
        String ascii;
        try {
            ascii = IDN.toASCII(host, IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException invalid) {
            throw new UnknownHostException("not a valid host name");
        }
        String name = ascii.endsWith(".") ? ascii.substring(0, ascii.length() - 1) : ascii;
        if (name.isEmpty() || name.length() > MAX_NAME) {
            throw new UnknownHostException("not a valid host name");
        }
        for (String label : name.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                throw new UnknownHostException("not a valid host name");
            }
        }
        return ascii;
    }
}
