package connmonitor.scan;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Decodes text a server sent: UTF-8 when it is valid UTF-8, else byte for byte (ISO-8859-1), never failing. */
final class ServerText {

    private ServerText() {
    }

    static String decode(byte[] bytes, int from, int to) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, from, to - from))
                    .toString();
        } catch (CharacterCodingException notUtf8) {
            return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
        }
    }
}
