package connmonitor.scan;

import connmonitor.probe.ScanResult.Certificate;
import java.io.IOException;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/** TLS over a probe's {@link Connection}: a full handshake every time, any certificate accepted and judged. */
final class TlsClient {

    /**
     * Most bytes a TLS probe reads off the wire: a handshake with a long certificate chain plus the
     * response head fit; a peer spewing records does not get further.
     */
    static final int MAX_TLS_BYTES = 64 * 1024;

    private TlsClient() {
    }

    /** A finished handshake: the socket to talk HTTP over, and what the certificate was worth. */
    record Session(SSLSocket socket, VerdictTrustManager trust) {

        Certificate certificate() {
            return trust.verdict();
        }
    }

    /**
     * Shakes hands as a client of {@code peerHost} (used for SNI and the host name check). A fresh
     * context per connection means no session resumption: every scan measures and judges a full
     * handshake. {@code reference} decides whether the certificate counts as verified.
     */
    static Session handshake(Connection connection, String peerHost, int port, X509ExtendedTrustManager reference)
            throws IOException {
        VerdictTrustManager trust = new VerdictTrustManager(reference);
        SSLContext context = context(trust);
        try {
            SSLSocket socket = (SSLSocket) context.getSocketFactory()
                    .createSocket(connection.socket(), peerHost, port, true);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the verdict includes the host name
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            return new Session(socket, trust);
        } catch (RuntimeException broken) {
            // JSSE reports some malformed peer input as unchecked exceptions; to a scan it is just "no HTTPS"
            throw new IOException("TLS failed: " + broken, broken);
        }
    }

    private static SSLContext context(VerdictTrustManager trust) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trust}, null);
            return context;
        } catch (GeneralSecurityException missing) {
            throw new IllegalStateException("this JDK cannot make a TLS client: " + missing, missing);
        }
    }
}
