package connmonitor.scan;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of an HTTP response head a scan reports: the status code and the {@code Server} header.
 *
 * @param statusCode the three digits of the status line, e.g. "200"
 * @param server     the Server header's value, "Unknown" when there is none (or it did not arrive whole)
 */
record HttpHead(String statusCode, String server) {

    static final String UNKNOWN_SERVER = "Unknown";

    /** "HTTP/1.1 200 OK", "HTTP/1.0 404", "HTTP/2 301 Moved"; the reason phrase may be anything. */
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/\\d+(?:\\.\\d+)? +([1-9]\\d\\d)(?:[ \\t].*)?");

    /** The head is complete at its empty line (CRLF CRLF, or bare LF LF from sloppy servers). */
    static boolean complete(byte[] buffer, int length) {
        for (int i = 1; i < length; i++) {
            if (buffer[i] == '\n' && (buffer[i - 1] == '\n' || (i >= 3 && buffer[i - 1] == '\r'
                    && buffer[i - 2] == '\n' && buffer[i - 3] == '\r'))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Parses whatever part of a response head arrived. Only whole lines count, so a header cut off by
     * the size limit or the deadline is never reported half. Empty when the answer does not start
     * with an HTTP status line: whatever is on the port, it is not an HTTP server.
     */
    static Optional<HttpHead> parse(Answer answer) {
        List<String> lines = lines(answer);
        int first = 0;
        while (first < lines.size() && lines.get(first).isEmpty()) {
            first++; // RFC 9112 2.2: a client may skip empty lines before the status line
        }
        if (first >= lines.size()) {
            return Optional.empty();
        }
        Matcher status = STATUS_LINE.matcher(lines.get(first));
        if (!status.matches()) {
            return Optional.empty();
        }
        return Optional.of(new HttpHead(status.group(1), server(lines.subList(first + 1, lines.size()))));
    }

    private static String server(List<String> headers) {
        for (String header : headers) {
            if (header.isEmpty()) {
                break; // end of the head
            }
            int colon = header.indexOf(':');
            if (colon > 0 && header.substring(0, colon).equalsIgnoreCase("Server")) {
                String value = withoutOptionalWhitespace(header.substring(colon + 1));
                return value.isEmpty() ? UNKNOWN_SERVER : value;
            }
        }
        return UNKNOWN_SERVER;
    }

    /** RFC 9110 5.5: only spaces and tabs around a field value are not part of it. */
    private static String withoutOptionalWhitespace(String value) {
        int from = 0;
        int to = value.length();
        while (from < to && (value.charAt(from) == ' ' || value.charAt(from) == '\t')) {
            from++;
        }
        while (to > from && (value.charAt(to - 1) == ' ' || value.charAt(to - 1) == '\t')) {
            to--;
        }
        return value.substring(from, to);
    }

    /** The whole lines of the answer, without CR LF; the last one only when the peer closed after it. */
    private static List<String> lines(Answer answer) {
        byte[] bytes = answer.bytes();
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                int end = i > start && bytes[i - 1] == '\r' ? i - 1 : i;
                lines.add(ServerText.decode(bytes, start, end));
                start = i + 1;
            }
        }
        if (answer.ended() && start < bytes.length) {
            lines.add(ServerText.decode(bytes, start, bytes.length));
        }
        return lines;
    }
}
