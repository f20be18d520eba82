package connmonitor.icmp;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/** Floods of forged ICMPv4 echo replies to 127.0.0.1, to fill the receive buffers of raw sockets. */
final class ForgedEchoReplies {

    static final int PAYLOAD = 60_000;

    private ForgedEchoReplies() {
    }

    /** Sends {@code packets} echo replies of {@link #PAYLOAD} bytes carrying {@code identifier} from {@code socket}. */
    static void send(Arena arena, int socket, int identifier, int packets) throws Throwable {
        MemorySegment packet = arena.allocate(EchoRequest.HEADER + PAYLOAD, 8);
        int length = EchoRequest.write(packet, Family.V4, identifier, 1, PAYLOAD, 42, -1, false);
        packet.set(ValueLayout.JAVA_BYTE, 0, (byte) Family.V4.echoReply);
        packet.set(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), 2,
                (short) Checksum.complement(Checksum.sum(packet, 0, length)));
        MemorySegment to = TestNatives.sockaddr(arena, new byte[] {127, 0, 0, 1});
        for (int i = 0; i < packets; i++) {
            TestNatives.sendTo(socket, packet, length, to);
        }
    }
}
