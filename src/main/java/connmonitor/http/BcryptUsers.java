package connmonitor.http;

import com.sun.net.httpserver.BasicAuthenticator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * Basic auth against basic_auth_users' bcrypt hashes. bcrypt is slow by design (tens of milliseconds at
 * cost 10), and a scraper sends the same password every few seconds: as the exporter toolkit does, a
 * successful check is remembered, here as the SHA-256 of user, hash and password (never the password
 * itself), in a small LRU set, so a repeat costs one SHA-256. Failures are not remembered (a flood of
 * wrong passwords cannot push the scraper's entry out), and at most two bcrypt checks run at once, so
 * such a flood holds at most two cores however many connections it opens. An unknown user is checked
 * against a fixed hash, so the answer takes as long as for a known one.
 */
final class BcryptUsers extends BasicAuthenticator {

    static final String REALM = "connmonitor";
    /** Distinct (user, password) pairs remembered: a few scrapers and browsers, with room to spare. */
    static final int REMEMBERED = 64;
    /** A hash of a random password, cost 10 like htpasswd's default, for users that do not exist; made when first needed. */
    private static final class Nobody {
        static final String HASH = nobody();
    }

    private final Map<String, String> hashes;
    private final Semaphore bcryptSlots = new Semaphore(2);
    private final Map<String, Boolean> remembered = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    };

    BcryptUsers(Map<String, String> hashes) {
        super(REALM, StandardCharsets.UTF_8);
        this.hashes = Map.copyOf(hashes);
    }

    @Override
    public boolean checkCredentials(String user, String password) {
        String hash = hashes.get(user);
        String key = digest(user, hash == null ? "" : hash, password);
        synchronized (remembered) {
            if (hash != null && remembered.containsKey(key)) {
                return true;
            }
        }
        boolean valid;
        bcryptSlots.acquireUninterruptibly();
        try {
            valid = OpenBSDBCrypt.checkPassword(hash == null ? Nobody.HASH : hash, password.toCharArray()) && hash != null;
        } catch (IllegalArgumentException unusable) { // cannot happen: every hash was checked when the file was read
            valid = false;
        } finally {
            bcryptSlots.release();
        }
        if (valid) {
            synchronized (remembered) {
                remembered.put(key, Boolean.TRUE);
            }
        }
        return valid;
    }

    /** How many successful checks are remembered now (for tests). */
    int rememberedCount() {
        synchronized (remembered) {
            return remembered.size();
        }
    }

    private static String nobody() {
        SecureRandom random = new SecureRandom();
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        return OpenBSDBCrypt.generate("2y", HexFormat.of().formatHex(random.generateSeed(16)).toCharArray(), salt, 10);
    }

    private static String digest(String user, String hash, String password) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {user, hash, password}) {
                byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                sha256.update((byte) (bytes.length >>> 24));
                sha256.update((byte) (bytes.length >>> 16));
                sha256.update((byte) (bytes.length >>> 8));
                sha256.update((byte) bytes.length); // length-prefixed: ("ab","c") and ("a","bc") differ
                sha256.update(bytes);
            }
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every JDK has SHA-256", impossible);
        }
    }
}
