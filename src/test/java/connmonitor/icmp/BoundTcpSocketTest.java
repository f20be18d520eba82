package connmonitor.icmp;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The native scan connection against real listeners on loopback, bound to {@code lo} as a host with
 * {@code interface=lo} would be (SO_BINDTODEVICE needs CAP_NET_RAW: these tests run as root, as the
 * project's do). Its failures are compared with what java.net says for the same situation.
 */
@Tag("root")
class BoundTcpSocketTest {

    private static final InetAddress LOCAL = InetAddress.getLoopbackAddress();

    @Test
    void aRefusedConnectionFailsAsJavaNetSays() throws Exception {
        InetSocketAddress closed = freePort();

        assertThatThrownBy(() -> BoundTcpSocket.connect(closed, "lo", null, -1, 2000))
                .isInstanceOf(ConnectException.class).hasMessage("Connection refused")
                .hasMessage(javaNetFailure(closed).getMessage());
    }

    @Test
    void readsAServersBannerAndWritesItsRequest() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, LOCAL)) {
            CompletableFuture<String> heard = CompletableFuture.supplyAsync(() -> {
                try (Socket peer = server.accept()) {
                    peer.getOutputStream().write("220 banner\r\n".getBytes(StandardCharsets.US_ASCII));
                    byte[] request = peer.getInputStream().readNBytes(5);
                    return new String(request, StandardCharsets.US_ASCII) + " from " + peer.getInetAddress().getHostAddress();
                } catch (IOException e) {
                    return e.toString();
                }
            });
            try (BoundTcpSocket socket = BoundTcpSocket.connect(
                    new InetSocketAddress(LOCAL, server.getLocalPort()), "lo", LOCAL, 0xb8, 2000)) {
                byte[] banner = new byte[64];
                int n = socket.read(banner, 0, banner.length, 2000);
                assertThat(new String(banner, 0, n, StandardCharsets.US_ASCII)).isEqualTo("220 banner\r\n");
                socket.write("HELLO".getBytes(StandardCharsets.US_ASCII), 0, 5);
                assertThat(heard.get(5, TimeUnit.SECONDS)).isEqualTo("HELLO from 127.0.0.1");
                assertThat(socket.read(banner, 0, banner.length, 2000)).as("the server closed").isEqualTo(-1);
            }
        }
    }

    @Test
    void connectsOverIpv6() throws Exception {
        InetAddress v6 = InetAddress.ofLiteral("::1");
        try (ServerSocket server = new ServerSocket(0, 5, v6);
             BoundTcpSocket socket = BoundTcpSocket.connect(new InetSocketAddress(v6, server.getLocalPort()), "lo", v6,
                     0xb8, 2000);
             Socket peer = server.accept()) {
            peer.getOutputStream().write('x');
            byte[] one = new byte[1];
            assertThat(socket.read(one, 0, 1, 2000)).isEqualTo(1);
            assertThat(one[0]).isEqualTo((byte) 'x');
        }
    }

    @Test
    void aListenerThatNeverAcceptsTimesTheConnectOut() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, LOCAL)) {
            InetSocketAddress full = new InetSocketAddress(LOCAL, server.getLocalPort());
            List<Socket> queued = fillBacklog(full);
            try {
                long start = System.nanoTime();
                assertThatThrownBy(() -> BoundTcpSocket.connect(full, "lo", null, -1, 400))
                        .isInstanceOf(SocketTimeoutException.class).hasMessage("Connect timed out");
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                // not before the timeout; the upper bound allows a loaded 2-core machine's scheduling delays
                assertThat(millis).isBetween(390L, 3000L);
            } finally {
                for (Socket socket : queued) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void aSilentServerTimesTheReadOut() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, LOCAL);
             BoundTcpSocket socket = BoundTcpSocket.connect(new InetSocketAddress(LOCAL, server.getLocalPort()), "lo",
                     null, -1, 2000);
             Socket silent = server.accept()) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> socket.read(new byte[16], 0, 16, 300))
                    .isInstanceOf(SocketTimeoutException.class).hasMessage("Read timed out");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(290L, 3000L);
            assertThat(silent.isConnected()).isTrue();
        }
    }

    @Test
    void aCloseFromAnotherThreadEndsABlockedRead() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, LOCAL);
             BoundTcpSocket socket = BoundTcpSocket.connect(new InetSocketAddress(LOCAL, server.getLocalPort()), "lo",
                     null, -1, 2000);
             Socket silent = server.accept()) {
            CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS).execute(socket::close);
            long start = System.nanoTime();
            assertThatThrownBy(() -> socket.read(new byte[16], 0, 16, 0))
                    .isInstanceOf(SocketException.class).hasMessage("Socket closed");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(150L, 5000L);
            assertThatThrownBy(() -> socket.write(new byte[1], 0, 1)).hasMessage("Socket closed");
        }
    }

    @Test
    void anInterfaceThatDoesNotExistIsNamed() throws Exception {
        InetSocketAddress closed = freePort();

        assertThatThrownBy(() -> BoundTcpSocket.connect(closed, "nosuch0", null, -1, 2000))
                .isInstanceOf(SocketException.class).hasMessage("no interface 'nosuch0'");
        assertThatThrownBy(() -> BoundTcpSocket.connect(closed, "a-name-far-too-long", null, -1, 2000))
                .hasMessage("no interface 'a-name-far-too-long'");
    }

    @Test
    void aSourceThisMachineDoesNotHaveCannotBeBound() throws Exception {
        InetSocketAddress closed = freePort();

        assertThatThrownBy(() -> BoundTcpSocket.connect(closed, "lo", InetAddress.ofLiteral("192.0.2.1"), -1, 2000))
                .isInstanceOf(java.net.BindException.class).hasMessageContaining("(source 192.0.2.1)");
    }

    private static InetSocketAddress freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, LOCAL)) {
            return new InetSocketAddress(LOCAL, probe.getLocalPort());
        }
    }

    private static IOException javaNetFailure(InetSocketAddress address) {
        try (Socket socket = new Socket()) {
            socket.connect(address, 2000);
            throw new AssertionError("connected to " + address);
        } catch (IOException expected) {
            return expected;
        }
    }

    /**
     * Connects until the listener's accept queue is full: the kernel then drops further SYNs, so a
     * connect neither succeeds nor is refused, as against a host that does not answer.
     */
    private static List<Socket> fillBacklog(InetSocketAddress address) throws IOException {
        List<Socket> queued = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            Socket socket = new Socket();
            try {
                socket.connect(address, 300);
                queued.add(socket);
            } catch (SocketTimeoutException full) {
                socket.close();
                return queued;
            }
        }
        queued.forEach(s -> {
            try {
                s.close();
            } catch (IOException ignored) {
                // the test fails anyway
            }
        });
        throw new AssertionError("the accept queue never filled");
    }
}
