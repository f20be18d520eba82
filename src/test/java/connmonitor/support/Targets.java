package connmonitor.support;

import connmonitor.config.Options;
import connmonitor.config.Target;
import java.net.InetAddress;

/** Targets for tests, built the way the config loader builds them. */
public final class Targets {

    private Targets() {
    }

    public static Target of(String host, Options options) {
        return new Target(host, InetAddress.ofLiteral(host), options, 1);
    }

    public static Options pings(int count, int payload) {
        Options d = Options.DEFAULTS;
        return new Options(d.pingMillis(), count, payload, d.traceMillis(), d.hops(), d.scanMillis(), d.json(),
                d.timestamp());
    }
}
