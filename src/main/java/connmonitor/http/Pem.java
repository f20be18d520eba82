package connmonitor.http;

import java.io.IOException;
import java.io.StringReader;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Certificates and private keys from PEM text, in the forms the exporter toolkit (Go's
 * tls.X509KeyPair) takes: "CERTIFICATE" blocks, and a key as PKCS#8 ("PRIVATE KEY": RSA, EC, Ed25519),
 * PKCS#1 ("RSA PRIVATE KEY") or SEC1 ("EC PRIVATE KEY", with or without its "EC PARAMETERS" block).
 * Bouncy Castle's PEM reader does the decoding; the keys become the JDK's own, for the JDK's TLS.
 * Each method's message is a one-line reason that names {@code what} was read.
 */
final class Pem {

    private Pem() {
    }

    /** Every certificate in the text, in order; at least one. */
    static List<X509Certificate> certificates(String pem, String what) {
        List<X509Certificate> certificates = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object block = parser.readObject(); block != null; block = parser.readObject()) {
                if (block instanceof X509CertificateHolder holder) {
                    certificates.add(converter.getCertificate(holder));
                } else {
                    throw new IllegalArgumentException(what + " holds a " + kind(block) + " where a CERTIFICATE was expected");
                }
            }
        } catch (IOException | GeneralSecurityException | RuntimeException broken) {
            if (broken instanceof IllegalArgumentException reason) {
                throw reason;
            }
            throw new IllegalArgumentException(what + " is not a PEM certificate: " + reason(broken), broken);
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException(what + " holds no PEM CERTIFICATE block");
        }
        return certificates;
    }

    /** The one private key in the text. */
    static PrivateKey privateKey(String pem, String what) {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        PrivateKey key = null;
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object block = parser.readObject(); block != null; block = parser.readObject()) {
                PrivateKey found = switch (block) {
                    case PEMKeyPair pair -> converter.getPrivateKey(pair.getPrivateKeyInfo()); // PKCS#1 RSA, SEC1 EC
                    case PrivateKeyInfo info -> converter.getPrivateKey(info);        // PKCS#8
                    case PEMEncryptedKeyPair encrypted ->
                            throw new IllegalArgumentException(what + " is encrypted: give the key without a passphrase");
                    case PKCS8EncryptedPrivateKeyInfo encrypted ->
                            throw new IllegalArgumentException(what + " is encrypted: give the key without a passphrase");
                    case org.bouncycastle.asn1.ASN1ObjectIdentifier curve -> null;    // "EC PARAMETERS" before a SEC1 key
                    default -> throw new IllegalArgumentException(what + " holds a " + kind(block)
                            + " where a PRIVATE KEY was expected");
                };
                if (found != null && key != null) {
                    throw new IllegalArgumentException(what + " holds more than one private key");
                }
                key = found == null ? key : found;
            }
        } catch (IOException | RuntimeException broken) {
            if (broken instanceof IllegalArgumentException reason) {
                throw reason;
            }
            throw new IllegalArgumentException(what + " is not a PEM private key: " + reason(broken), broken);
        }
        if (key == null) {
            throw new IllegalArgumentException(what + " holds no PEM PRIVATE KEY block");
        }
        return key;
    }

    /** Whether the key is the certificate's: it signs a nonce that the certificate's public key verifies. */
    static boolean matches(PrivateKey key, X509Certificate certificate) {
        PublicKey publicKey = certificate.getPublicKey();
        if (!publicKey.getAlgorithm().equals(key.getAlgorithm())
                && !(publicKey.getAlgorithm().startsWith("Ed") && key.getAlgorithm().startsWith("Ed"))) {
            return false;
        }
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm(); // Ed25519, Ed448, EdDSA sign the message itself
        };
        try {
            byte[] nonce = new byte[32];
            new SecureRandom().nextBytes(nonce);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(nonce);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(nonce);
            return verifier.verify(signature);
        } catch (GeneralSecurityException unusable) {
            return false;
        }
    }

    private static String kind(Object block) {
        return block.getClass().getSimpleName();
    }

    private static String reason(Throwable broken) {
        String message = broken.getMessage();
        return message == null ? broken.getClass().getSimpleName() : message.lines().findFirst().orElse("").strip();
    }
}
