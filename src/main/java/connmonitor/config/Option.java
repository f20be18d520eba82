package connmonitor.config;

import java.util.Locale;
import java.util.Optional;

/** The options a config line may carry, with how each value is read and checked. */
enum Option {
    PING(ValueKind.PERIOD),
    NUMPINGS(ValueKind.COUNT),
    PAYLOAD(ValueKind.PAYLOAD),
    TRACE(ValueKind.PERIOD),
    HOPS(ValueKind.HOPS),
    SCAN(ValueKind.PERIOD),
    JSON(ValueKind.FLAG),
    TIMESTAMP(ValueKind.FLAG),
    PROBES(ValueKind.PROBES),
    PATH(ValueKind.PERIOD),
    // extensions beyond connmonitor 4.x; labels (label.NAME=VALUE) are read by ConfigParser itself
    FAMILY(ValueKind.FAMILY),
    ADDRESSES(ValueKind.ADDRESSES),
    RESOLVE(ValueKind.RESOLVE),
    SOURCE(ValueKind.ADDRESS),
    INTERFACE(ValueKind.INTERFACE),
    TOS(ValueKind.BYTE),
    TTL(ValueKind.HOPS),
    QUANTILES(ValueKind.FLAG),
    PROTO(ValueKind.PROTO),
    PORT(ValueKind.PORT),
    PATHS(ValueKind.PERIOD);

    final ValueKind kind;

    Option(ValueKind kind) {
        this.kind = kind;
    }

    /** The name as users write it in the config, lower case. */
    String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<Option> named(String name) {
        for (Option option : values()) {
            if (option.name().equalsIgnoreCase(name)) {
                return Optional.of(option);
            }
        }
        return Optional.empty();
    }
}
