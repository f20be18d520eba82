package connmonitor.config;

/**
 * Text from outside (a config line, a server's header) made safe for a line-oriented log: every
 * control character, and the Unicode line and paragraph separators, become {@code \xNN}, so one
 * record or error stays one line whatever it quotes.
 */
public final class Printable {

    private Printable() {
    }

    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x2028 || c == 0x2029) {
                out.append(String.format("\\x%02x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
