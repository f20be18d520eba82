package connmonitor.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HttpHeadTest {

    private static Optional<HttpHead> parse(String text, boolean ended) {
        return HttpHead.parse(new Answer(text.getBytes(StandardCharsets.ISO_8859_1), System.nanoTime(), ended));
    }

    @Test
    void readsTheStatusCodeAndTheServerHeader() {
        assertThat(parse("HTTP/1.1 200 OK\r\nDate: x\r\nServer: nginx/1.22.1\r\n\r\n", false))
                .contains(new HttpHead("200", "nginx/1.22.1"));
    }

    @Test
    void serverIsUnknownWhenTheHeaderIsMissingOrEmpty() {
        assertThat(parse("HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\n\r\n", false)).contains(new HttpHead("404", "Unknown"));
        assertThat(parse("HTTP/1.1 204 No Content\r\nServer:   \r\n\r\n", false)).contains(new HttpHead("204", "Unknown"));
    }

    @Test
    void headerNamesAreCaseInsensitiveAndOnlySpacesAndTabsAreTrimmed() {
        assertThat(parse("HTTP/1.1 301 Moved\r\nSERVER:\t Apache \u001f\r\n\r\n", false))
                .contains(new HttpHead("301", "Apache \u001f"));
    }

    @Test
    void acceptsBareLineFeedsHttp2StyleVersionsAndMissingReasonPhrases() {
        assertThat(parse("HTTP/2 503\nserver: envoy\n\n", false)).contains(new HttpHead("503", "envoy"));
    }

    @Test
    void aHeaderAfterTheEmptyLineIsBodyNotHead() {
        assertThat(parse("HTTP/1.1 200 OK\r\n\r\nServer: body\r\n", false)).contains(new HttpHead("200", "Unknown"));
    }

    @Test
    void aLineCutOffByTheLimitOrDeadlineIsNotReportedHalf() {
        assertThat(parse("HTTP/1.1 200 OK\r\nServer: ngi", false)).contains(new HttpHead("200", "Unknown"));
        assertThat(parse("HTTP/1.1 200 O", false)).isEmpty();
        assertThat(parse("HTTP/1.1 200 OK\r\nServer: tiny", true)).contains(new HttpHead("200", "tiny"));
    }

    @Test
    void anythingButAStatusLineIsNoHttpServer() {
        assertThat(parse("", true)).isEmpty();
        assertThat(parse("SSH-2.0-OpenSSH_9.2p1\r\n", true)).isEmpty();
        assertThat(parse("HTTP/1.1 abc OK\r\n\r\n", true)).isEmpty();
        assertThat(parse("HTTP/1.1 099 Low\r\n\r\n", true)).isEmpty();
        assertThat(parse("\u0000\u00ff\r\n\r\n", true)).isEmpty();
    }

    @Test
    void serverTextIsUtf8WhenValidElseLatin1() {
        byte[] utf8 = "HTTP/1.1 200 OK\r\nServer: caf\u00e9\r\n\r\n".getBytes(StandardCharsets.UTF_8);
        assertThat(HttpHead.parse(new Answer(utf8, 0, false)).orElseThrow().server()).isEqualTo("caf\u00e9");
        byte[] latin1 = "HTTP/1.1 200 OK\r\nServer: caf\u00e9\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(HttpHead.parse(new Answer(latin1, 0, false)).orElseThrow().server()).isEqualTo("caf\u00e9");
    }

    @Test
    void theHeadIsCompleteAtItsEmptyLine() {
        byte[] head = "HTTP/1.1 200 OK\r\nServer: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(HttpHead.complete(head, head.length)).isTrue();
        assertThat(HttpHead.complete(head, head.length - 1)).isFalse();
        byte[] bare = "HTTP/1.1 200 OK\nServer: x\n\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(HttpHead.complete(bare, bare.length)).isTrue();
    }
}
