package connmonitor.scan;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** First packets of the MySQL client/server protocol, built by the book for fake servers. */
final class MysqlPackets {

    private MysqlPackets() {
    }

    /** A protocol-10 handshake (HandshakeV10) as MySQL 8 and MariaDB send it. */
    static byte[] greeting(String version) {
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        payload.write(10);
        payload.writeBytes(version.getBytes(StandardCharsets.UTF_8));
        payload.write(0);
        payload.writeBytes(new byte[] {42, 0, 0, 0});                 // connection id
        payload.writeBytes("abcdefgh".getBytes(StandardCharsets.US_ASCII)); // auth data, part 1
        payload.write(0);                                              // filler
        payload.writeBytes(new byte[] {(byte) 0xfe, (byte) 0xf7});     // capabilities, low
        payload.write(45);                                             // utf8mb4_general_ci
        payload.writeBytes(new byte[] {2, 0});                         // status: autocommit
        payload.writeBytes(new byte[] {(byte) 0xff, (byte) 0x81});     // capabilities, high
        payload.write(21);                                             // auth data length
        payload.writeBytes(new byte[10]);                              // reserved
        payload.writeBytes("ijklmnopqrst".getBytes(StandardCharsets.US_ASCII));
        payload.write(0);
        payload.writeBytes("mysql_native_password".getBytes(StandardCharsets.US_ASCII));
        payload.write(0);
        return packet(payload.toByteArray());
    }

    /** An ERR packet; sqlState null leaves out the '#' marker (as servers do before the handshake). */
    static byte[] error(int code, String sqlState, String message) {
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        payload.write(0xff);
        payload.write(code & 0xff);
        payload.write(code >> 8);
        if (sqlState != null) {
            payload.write('#');
            payload.writeBytes(sqlState.getBytes(StandardCharsets.US_ASCII));
        }
        payload.writeBytes(message.getBytes(StandardCharsets.UTF_8));
        return packet(payload.toByteArray());
    }

    private static byte[] packet(byte[] payload) {
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        packet.write(payload.length & 0xff);
        packet.write(payload.length >> 8 & 0xff);
        packet.write(payload.length >> 16 & 0xff);
        packet.write(0); // sequence id: the server's first packet
        packet.writeBytes(payload);
        return packet.toByteArray();
    }
}
