package connmonitor.http;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The toolkit's {@code client_auth_type}, named after Go's tls.ClientAuthType: whether the server asks
 * the client for a certificate, whether one must come, and whether it must chain to client_ca_file.
 */
public enum ClientAuth {
    NoClientCert(false, false, false),
    RequestClientCert(true, false, false),
    RequireAnyClientCert(true, true, false),
    VerifyClientCertIfGiven(true, false, true),
    RequireAndVerifyClientCert(true, true, true);

    final boolean asks;
    final boolean required;
    final boolean verified;

    ClientAuth(boolean asks, boolean required, boolean verified) {
        this.asks = asks;
        this.required = required;
        this.verified = verified;
    }

    static ClientAuth parse(String name) {
        for (ClientAuth mode : values()) {
            if (mode.name().equals(name)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("client_auth_type '" + name + "' is none of "
                + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")));
    }

    String summary() {
        return this == NoClientCert ? "" : " (" + name() + ")";
    }
}
