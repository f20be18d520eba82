package connmonitor.scan;

import java.util.Optional;

/**
 * The first packet a MySQL/MariaDB server sends: a protocol-10 (or ancient 9) handshake with its
 * version, or an error packet when it refuses the client before any handshake ("Host '...' is not
 * allowed to connect", "Too many connections").
 *
 * @param version the server version; for a refusal, the error message (the server is there all the same)
 * @param error   for a refusal, "CODE: message", e.g. "1130: Host '127.0.0.1' is not allowed ..."
 */
record MysqlGreeting(String version, Optional<String> error) {

    private static final int HEADER = 4; // 3-byte little-endian payload length, 1-byte sequence id
    private static final int HANDSHAKE_V10 = 0x0a;
    private static final int HANDSHAKE_V9 = 0x09;
    private static final int ERROR = 0xff;
    /** MariaDB before 11 announces itself as "5.5.5-10.11.6-MariaDB" for old replication; clients strip it. */
    private static final String MARIADB_PREFIX = "5.5.5-";

    /** The first packet is in when its header and whole payload are, or when the header already rules it out. */
    static boolean complete(byte[] buffer, int length) {
        if (length < HEADER) {
            return false;
        }
        return !plausibleHeader(buffer) || length >= HEADER + payloadLength(buffer);
    }

    /**
     * Parses the first packet, or as much of it as arrived. Empty when it is neither a greeting nor an
     * error packet: whatever answered on the port, it is not MySQL.
     */
    static Optional<MysqlGreeting> parse(byte[] bytes) {
        if (bytes.length <= HEADER || !plausibleHeader(bytes)) {
            return Optional.empty();
        }
        int end = Math.min(bytes.length, HEADER + payloadLength(bytes));
        return switch (bytes[HEADER] & 0xff) {
            case HANDSHAKE_V10, HANDSHAKE_V9 -> handshake(bytes, end);
            case ERROR -> refusal(bytes, end);
            default -> Optional.empty();
        };
    }

    /** The server speaks first with sequence id 0 and a non-empty payload. */
    private static boolean plausibleHeader(byte[] bytes) {
        return bytes[3] == 0 && payloadLength(bytes) > 0;
    }

    private static int payloadLength(byte[] bytes) {
        return (bytes[0] & 0xff) | (bytes[1] & 0xff) << 8 | (bytes[2] & 0xff) << 16;
    }

    /** The version is a NUL-terminated string right after the protocol byte. */
    private static Optional<MysqlGreeting> handshake(byte[] bytes, int end) {
        int from = HEADER + 1;
        for (int i = from; i < end; i++) {
            if (bytes[i] == 0) {
                if (i == from) {
                    return Optional.empty();
                }
                return Optional.of(new MysqlGreeting(withoutMariadbPrefix(ServerText.decode(bytes, from, i)), Optional.empty()));
            }
        }
        return Optional.empty(); // no terminator in what arrived: not a greeting we can trust
    }

    private static String withoutMariadbPrefix(String version) {
        return version.startsWith(MARIADB_PREFIX) && version.contains("MariaDB")
                ? version.substring(MARIADB_PREFIX.length()) : version;
    }

    /**
     * 0xff, a 2-byte little-endian error code, then the message; a '#' and a 5-character SQL state may
     * precede the message (servers leave it out before the handshake, as the client's abilities are unknown).
     */
    private static Optional<MysqlGreeting> refusal(byte[] bytes, int end) {
        int at = HEADER + 1;
        if (end < at + 2) {
            return Optional.empty();
        }
        int code = (bytes[at] & 0xff) | (bytes[at + 1] & 0xff) << 8;
        at += 2;
        if (at < end && bytes[at] == '#' && end - at >= 6) {
            at += 6;
        }
        String message = ServerText.decode(bytes, at, end);
        return Optional.of(new MysqlGreeting(message, Optional.of(code + ": " + message)));
    }
}
