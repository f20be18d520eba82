package connmonitor.http;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The server side of TLS from tls_server_config, every file already read and checked.
 *
 * @param chain          the server's certificate first, then any intermediates (cert_file)
 * @param key            its private key (key_file)
 * @param clientAuth     client_auth_type
 * @param clientCas      the CAs a client certificate must chain to (client_ca_file); empty unless verified
 * @param allowedSans    client_allowed_sans: one must be among the client certificate's SANs; empty: any
 * @param protocols      the JDK's names of the versions from min_version to max_version, lowest first
 * @param cipherSuites   the JDK's names of cipher_suites for TLS 1.2 and below; empty: the JDK's defaults
 * @param serverOrder    prefer_server_cipher_suites
 * @param namedGroups    the JDK's names of curve_preferences; empty: the JDK's defaults
 */
public record TlsSettings(List<X509Certificate> chain, PrivateKey key, ClientAuth clientAuth,
                          List<X509Certificate> clientCas, List<String> allowedSans, List<String> protocols,
                          List<String> cipherSuites, boolean serverOrder, List<String> namedGroups) {

    public TlsSettings {
        chain = List.copyOf(chain);
        clientCas = List.copyOf(clientCas);
        allowedSans = List.copyOf(allowedSans);
        protocols = List.copyOf(protocols);
        cipherSuites = List.copyOf(cipherSuites);
        namedGroups = List.copyOf(namedGroups);
    }
}
