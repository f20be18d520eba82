package connmonitor.scan;

import connmonitor.probe.ScanResult.Certificate;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Lets every server certificate through (a scan checks that HTTPS answers, not whom to trust) while
 * noting whether a reference trust manager — the JDK's default trust store, with host name checking —
 * would have accepted it. One instance per connection: it holds that connection's verdict.
 */
final class VerdictTrustManager extends X509ExtendedTrustManager {

    private final X509ExtendedTrustManager reference;
    private volatile Certificate verdict = Certificate.UNVERIFIED;

    /** @param reference what "verified" means; null when no trust store could be loaded (nothing verifies) */
    VerdictTrustManager(X509ExtendedTrustManager reference) {
        this.reference = reference;
    }

    /** The JDK's default trust manager (cacerts, or javax.net.ssl.trustStore), loaded once. */
    static X509ExtendedTrustManager system() {
        return SystemTrust.MANAGER;
    }

    /** VERIFIED once the server's chain and name checked out; UNVERIFIED otherwise or before the handshake. */
    Certificate verdict() {
        return verdict;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        judge(() -> reference.checkServerTrusted(chain, authType, socket));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        judge(() -> reference.checkServerTrusted(chain, authType, engine));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
        judge(() -> reference.checkServerTrusted(chain, authType));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("a scan is a client; it trusts no clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        throw new CertificateException("a scan is a client; it trusts no clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("a scan is a client; it trusts no clients");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }

    private interface Check {
        void run() throws CertificateException;
    }

    private void judge(Check check) {
        if (reference == null) {
            verdict = Certificate.UNVERIFIED;
            return;
        }
        try {
            check.run();
            verdict = Certificate.VERIFIED;
        } catch (CertificateException | RuntimeException untrusted) {
            verdict = Certificate.UNVERIFIED;
        }
    }

    private static final class SystemTrust {
        static final X509ExtendedTrustManager MANAGER = load();
    }

    /** The JDK's default trust manager, or null when it cannot be loaded: then nothing verifies. */
    private static X509ExtendedTrustManager load() {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509ExtendedTrustManager extended) {
                    return extended;
                }
            }
            return null;
        } catch (GeneralSecurityException | RuntimeException unavailable) {
            return null;
        }
    }
}
