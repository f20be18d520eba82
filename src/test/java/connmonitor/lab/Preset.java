package connmonitor.lab;

import java.util.Arrays;
import java.util.Locale;

/**
 * Ready-made labs, for tests and for {@code bin/netlab up NAME}. Every link of a preset is emulated
 * (a perfect wire until its {@link Emulator} is told otherwise), so any hop can be delayed or cut.
 */
public enum Preset {

    /** client - server, over one emulated link. */
    PAIR("client - server") {
        @Override
        public Lab.Builder builder() {
            return Lab.builder().host("client").host("server")
                    .link("client", "server", Link.emulated());
        }
    },

    /** client - r1 - r2 - r3 - server: a trace sees three routers, then the destination. */
    CHAIN3("client - r1 - r2 - r3 - server") {
        @Override
        public Lab.Builder builder() {
            return Lab.builder().host("client").router("r1").router("r2").router("r3").host("server")
                    .link("client", "r1", Link.emulated())
                    .link("r1", "r2", Link.emulated())
                    .link("r2", "r3", Link.emulated())
                    .link("r3", "server", Link.emulated());
        }
    },

    /**
     * client - r1 - (r2a | r2b) - r3 - server: two equal paths; routes start through r2a, and
     * {@code lab.route("r1", "server", "r2b")} switches the way out at run time.
     */
    DIAMOND("client - r1 - r2a|r2b - r3 - server") {
        @Override
        public Lab.Builder builder() {
            return Lab.builder().host("client").router("r1").router("r2a").router("r2b").router("r3").host("server")
                    .link("client", "r1", Link.emulated())
                    .link("r1", "r2a", Link.emulated())
                    .link("r1", "r2b", Link.emulated())
                    .link("r2a", "r3", Link.emulated())
                    .link("r2b", "r3", Link.emulated())
                    .link("r3", "server", Link.emulated());
        }
    },

    /**
     * The diamond with equal-cost multipath: r1 spreads flows towards r3 and the server over r2a and
     * r2b, and r3 flows back towards r1 and the client the same way (Linux multipath routes, L4 hash:
     * one flow, one path; flows differing in a port spread). {@code lab.isolate("r2b")} cuts one path
     * (both routers converge on r2a), {@code lab.reconnect("r2b")} brings it back.
     */
    ECMP("client - r1 => r2a|r2b => r3 - server (multipath, flows hashed by ports)") {
        @Override
        public Lab.Builder builder() {
            return DIAMOND.builder().multipath();
        }
    };

    private final String shape;

    Preset(String shape) {
        this.shape = shape;
    }

    /** A builder holding the preset's nodes and links; add more before {@code build()} if needed. */
    public abstract Lab.Builder builder();

    /** The preset's name as typed on the command line: pair, chain3, diamond, ecmp. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String shape() {
        return shape;
    }

    public static Preset named(String label) {
        return Arrays.stream(values()).filter(p -> p.label().equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no preset '" + label + "' (presets: "
                        + String.join(", ", Arrays.stream(values()).map(Preset::label).toList()) + ")"));
    }
}
