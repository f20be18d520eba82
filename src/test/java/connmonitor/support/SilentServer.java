package connmonitor.support;

import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A TCP server that accepts connections and never says a word: started inside a lab namespace
 * ({@code java -cp test-classes connmonitor.support.SilentServer PORT}) to keep a scan waiting.
 */
public final class SilentServer {

    private SilentServer() {
    }

    public static void main(String[] args) throws Exception {
        List<Socket> held = new ArrayList<>();
        try (ServerSocket server = new ServerSocket(Integer.parseInt(args[0]))) {
            System.out.println("listening");
            while (true) {
                held.add(server.accept());
            }
        }
    }
}
