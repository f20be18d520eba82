package connmonitor.http;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The JDK's TLS set up as tls_server_config says: the server's key and chain, the versions, suites and
 * groups, and the client certificate policy. Client certificates that must chain to client_ca_file are
 * checked by the JDK's PKIX trust manager; the two modes that take any certificate (as Go's
 * RequestClientCert and RequireAnyClientCert do) accept whatever the client sends.
 */
final class TlsContext {

    private TlsContext() {
    }

    static HttpsConfigurator configurator(TlsSettings tls) {
        SSLContext context = context(tls);
        SSLParameters parameters = parameters(tls, context);
        return new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters https) {
                https.setSSLParameters(parameters);
            }
        };
    }

    static SSLContext context(TlsSettings tls) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {new ServerKey(tls.key(), tls.chain().toArray(X509Certificate[]::new))},
                    new TrustManager[] {clientTrust(tls)}, null);
            return context;
        } catch (GeneralSecurityException | java.io.IOException unusable) {
            throw new IllegalArgumentException("the TLS key or certificate cannot be used: " + unusable.getMessage(), unusable);
        }
    }

    private static SSLParameters parameters(TlsSettings tls, SSLContext context) {
        SSLParameters parameters = context.getDefaultSSLParameters();
        parameters.setProtocols(tls.protocols().toArray(String[]::new));
        if (!tls.cipherSuites().isEmpty()) {
            // cipher_suites is for TLS 1.2 and below, as in Go; TLS 1.3 keeps the JDK's own suites
            List<String> suites = new ArrayList<>(tls.cipherSuites());
            Arrays.stream(parameters.getCipherSuites()).filter(suite -> suite.startsWith("TLS_AES_")
                    || suite.startsWith("TLS_CHACHA20_")).filter(suite -> !suites.contains(suite)).forEach(suites::add);
            parameters.setCipherSuites(suites.toArray(String[]::new));
        }
        parameters.setUseCipherSuitesOrder(tls.serverOrder());
        if (!tls.namedGroups().isEmpty()) {
            parameters.setNamedGroups(tls.namedGroups().toArray(String[]::new));
        }
        if (tls.clientAuth().required) {
            parameters.setNeedClientAuth(true);
        } else if (tls.clientAuth().asks) {
            parameters.setWantClientAuth(true);
        }
        return parameters;
    }

    private static X509TrustManager clientTrust(TlsSettings tls) throws GeneralSecurityException, java.io.IOException {
        X509Certificate[] hints = tls.clientCas().toArray(X509Certificate[]::new);
        X509TrustManager verifying = null;
        if (tls.clientAuth().verified) {
            KeyStore cas = KeyStore.getInstance("PKCS12");
            cas.load(null, new char[0]);
            for (int i = 0; i < hints.length; i++) {
                cas.setCertificateEntry("ca" + i, hints[i]);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(cas);
            verifying = (X509TrustManager) factory.getTrustManagers()[0];
        }
        return new ClientTrust(verifying, hints, tls.allowedSans());
    }

    /**
     * The one key and chain, handed to the JDK directly: a PKCS#12 key store in between would encrypt the
     * key with 10,000 rounds of PBKDF2 and decrypt it again, which took seconds at start on the package's
     * runtime before the JIT warms up.
     */
    private static final class ServerKey extends X509ExtendedKeyManager {
        private static final String ALIAS = "server";
        private final PrivateKey key;
        private final X509Certificate[] chain;

        ServerKey(PrivateKey key, X509Certificate[] chain) {
            this.key = key;
            this.chain = chain;
        }

        /** The alias when the key fits the kind asked for ("EC", "RSA", "EdDSA"; "EC_EC"-style for old suites). */
        private String fitting(String keyType) {
            String algorithm = keyType.contains("_") ? keyType.substring(0, keyType.indexOf('_')) : keyType;
            return chain[0].getPublicKey().getAlgorithm().equals(algorithm) ? ALIAS : null;
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            return fitting(keyType);
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return fitting(keyType);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return fitting(keyType) == null ? null : new String[] {ALIAS};
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return ALIAS.equals(alias) ? chain.clone() : null;
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return ALIAS.equals(alias) ? key : null;
        }
    }

    /** Checks a client's chain (when verified) and its SANs (when listed); never trusts a server. */
    private static final class ClientTrust extends X509ExtendedTrustManager {
        private final X509TrustManager verifying;
        private final X509Certificate[] hints;
        private final List<String> allowedSans;

        ClientTrust(X509TrustManager verifying, X509Certificate[] hints, List<String> allowedSans) {
            this.verifying = verifying;
            this.hints = hints;
            this.allowedSans = allowedSans;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            if (verifying != null) {
                verifying.checkClientTrusted(chain, authType);
            }
            if (!allowedSans.isEmpty() && !hasAllowedSan(chain[0])) {
                throw new CertificateException("the client certificate has none of client_allowed_sans");
            }
        }

        private boolean hasAllowedSan(X509Certificate certificate) throws CertificateParsingException {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            if (names == null) {
                return false;
            }
            for (List<?> name : names) {
                int type = (Integer) name.get(0); // 1 e-mail, 2 DNS, 6 URI, 7 IP: the kinds Go matches
                if ((type == 1 || type == 2 || type == 6 || type == 7) && allowedSans.contains(String.valueOf(name.get(1)))) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a server endpoint trusts no server");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return hints.clone();
        }
    }
}
