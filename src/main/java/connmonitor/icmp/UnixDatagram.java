package connmonitor.icmp;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * One datagram to a Unix socket, as sd_notify(3) sends them. It lives in the native layer because the
 * JDK has no Unix datagram sockets.
 */
public final class UnixDatagram {

    private static final int AF_UNIX = 1;
    private static final int MSG_NOSIGNAL = 0x4000;
    /** sizeof(struct sockaddr_un): a short family, then 108 bytes of path. */
    private static final int SOCKADDR_UN_SIZE = 110;
    private static final int PATH_OFFSET = 2;

    private UnixDatagram() {
    }

    /** An absolute path, or "@name", short enough for struct sockaddr_un. */
    public static boolean isSocketPath(String socket) {
        byte[] path = socket.getBytes(StandardCharsets.UTF_8);
        return path.length > 0 && (path[0] == '/' || path[0] == '@') && path.length <= SOCKADDR_UN_SIZE - PATH_OFFSET - 1;
    }

    /**
     * Sends the text to a socket path, or to "@name" in the abstract namespace.
     *
     * @return empty when sent, otherwise the system's reason why not
     * @throws IllegalArgumentException when {@code socket} cannot be a socket address
     */
    public static Optional<String> send(String socket, String text) {
        byte[] path = socket.getBytes(StandardCharsets.UTF_8);
        if (!isSocketPath(socket)) {
            throw new IllegalArgumentException("'" + socket + "' is not a socket path");
        }
        try (Arena arena = Arena.ofConfined()) {
            Libc.CallState state = new Libc.CallState(arena);
            MemorySegment address = arena.allocate(SOCKADDR_UN_SIZE);
            address.set(JAVA_SHORT, 0, (short) AF_UNIX);
            MemorySegment.copy(path, 0, address, JAVA_BYTE, PATH_OFFSET, path.length);
            if (path[0] == '@') {
                address.set(JAVA_BYTE, PATH_OFFSET, (byte) 0); // the abstract namespace
            }
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            int fd = Libc.socket(state, AF_UNIX, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, 0);
            if (fd < 0) {
                return Optional.of(Libc.strerror(state.errno()));
            }
            try {
                long sent = Libc.sendto(state, fd, arena.allocateFrom(JAVA_BYTE, bytes), bytes.length, MSG_NOSIGNAL,
                        address, PATH_OFFSET + path.length);
                return sent < 0 ? Optional.of(Libc.strerror(state.errno())) : Optional.empty();
            } finally {
                Libc.close(state, fd);
            }
        }
    }
}
