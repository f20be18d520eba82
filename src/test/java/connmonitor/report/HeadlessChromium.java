package connmonitor.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Debian's Chromium, headless, driven over the DevTools protocol on a loopback port it picks itself (port
 * 0; the port is read from DevToolsActivePort in a fresh profile). It is kept off every network: no
 * background services, and every host name maps to nothing. One page (tab) is attached; console errors,
 * uncaught exceptions and any request that is not a file: or data: URL are collected for the test to check.
 */
public final class HeadlessChromium implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Path profile;
    private final Process process;
    private final WebSocket socket;
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final String session;
    /** Console errors, uncaught exceptions and error log entries, as text. */
    public final List<String> errors = new CopyOnWriteArrayList<>();
    /** Every URL the page asked for that is not a file: or data: URL. */
    public final List<String> networkRequests = new CopyOnWriteArrayList<>();

    private HeadlessChromium(Path profile, Process process, WebSocket socket, String session) {
        this.profile = profile;
        this.process = process;
        this.socket = socket;
        this.session = session;
    }

    static String executable() {
        for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new IllegalStateException("no Chromium at /usr/bin/chromium: apt-get install chromium (bin/test does)");
    }

    public static HeadlessChromium start(int width, int height) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("connmonitor-chromium");
        Process process = new ProcessBuilder(executable(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-default-apps", "--disable-extensions", "--disable-quic", "--mute-audio",
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1", "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0", "--user-data-dir=" + profile, "--window-size=" + width + "," + height,
                "about:blank")
                .redirectErrorStream(true)
                .redirectOutput(profile.resolve("chromium.out").toFile())
                .start();
        try {
            String[] endpoint = waitForEndpoint(profile, process);
            Holder holder = new Holder();
            WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + endpoint[0] + endpoint[1]), holder)
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            HeadlessChromium browser = new HeadlessChromium(profile, process, socket, holder.attach(socket));
            holder.browser = browser;
            return browser;
        } catch (Exception failed) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
            deleteTree(profile);
            throw new IOException("Chromium did not start: " + failed + "\n" + chromiumOutput(profile), failed);
        }
    }

    /** Loads a page and waits until {@code readyExpression} is true in it. */
    public void load(Path page, String readyExpression) throws Exception {
        load(page.toUri(), readyExpression);
    }

    /** Loads a page from any URL (e.g. a monitor's live view on loopback) and waits until it is ready. */
    public void load(URI page, String readyExpression) throws Exception {
        send("Page.navigate", JSON.createObjectNode().put("url", page.toString()));
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode ready = evaluate(readyExpression);
            if (ready.asBoolean(false)) {
                return;
            }
            if (!errors.isEmpty()) {
                throw new AssertionError("the page failed while loading: " + errors);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the page did not get ready (" + readyExpression + ") within " + TIMEOUT);
    }

    /** The value of a JavaScript expression in the page (JSON-serialisable values only). */
    public JsonNode evaluate(String expression) throws Exception {
        JsonNode result = send("Runtime.evaluate", JSON.createObjectNode()
                .put("expression", expression).put("returnByValue", true).put("awaitPromise", true));
        if (result.has("exceptionDetails")) {
            throw new AssertionError("JavaScript failed: " + expression + ": " + result.get("exceptionDetails"));
        }
        JsonNode value = result.get("result").get("value");
        return value == null ? JSON.nullNode() : value;
    }

    /** A real mouse event at page coordinates (CSS pixels): pressed, moved or released, with modifiers. */
    void mouse(String type, double x, double y, String button) throws Exception {
        send("Input.dispatchMouseEvent", JSON.createObjectNode().put("type", type).put("x", x).put("y", y)
                .put("button", button).put("buttons", button.equals("left") && !type.equals("mouseReleased") ? 1 : 0)
                .put("clickCount", type.equals("mouseMoved") ? 0 : 1));
    }

    /** A PNG of the whole page, not only the window. */
    public byte[] screenshot() throws Exception {
        // from the top, so that sticky parts of the page sit where a reader first sees them
        JsonNode size = evaluate("window.scrollTo(0, 0), [document.documentElement.scrollWidth, "
                + "document.documentElement.scrollHeight]");
        ObjectNode clip = JSON.createObjectNode().put("x", 0).put("y", 0).put("scale", 1)
                .put("width", size.get(0).asInt()).put("height", size.get(1).asInt());
        JsonNode shot = send("Page.captureScreenshot", JSON.createObjectNode().put("format", "png")
                .put("captureBeyondViewport", true).set("clip", clip));
        return Base64.getDecoder().decode(shot.get("data").asText());
    }

    JsonNode send(String method, ObjectNode params) throws Exception {
        return call(method, params, session);
    }

    private JsonNode call(String method, ObjectNode params, String sessionId) throws Exception {
        int id = ids.incrementAndGet();
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", params);
        if (sessionId != null) {
            message.put("sessionId", sessionId);
        }
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        socket.sendText(JSON.writeValueAsString(message), true).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        JsonNode answer = reply.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (answer.has("error")) {
            throw new IllegalStateException(method + " failed: " + answer.get("error"));
        }
        return answer.get("result");
    }

    private void received(JsonNode message) {
        if (message.has("id")) {
            CompletableFuture<JsonNode> reply = pending.remove(message.get("id").asInt());
            if (reply != null) {
                reply.complete(message);
            }
            return;
        }
        JsonNode params = message.path("params");
        switch (message.path("method").asText()) {
            case "Runtime.consoleAPICalled" -> {
                String type = params.path("type").asText();
                if (type.equals("error") || type.equals("assert")) {
                    errors.add("console." + type + ": " + params.path("args"));
                }
            }
            case "Runtime.exceptionThrown" -> errors.add("exception: " + params.path("exceptionDetails"));
            case "Log.entryAdded" -> {
                if (params.path("entry").path("level").asText().equals("error")) {
                    errors.add("log: " + params.path("entry").path("text").asText()
                            + " " + params.path("entry").path("url").asText());
                }
            }
            case "Network.requestWillBeSent" -> {
                String url = params.path("request").path("url").asText();
                if (!url.startsWith("file:") && !url.startsWith("data:") && !url.equals("about:blank")) {
                    networkRequests.add(url);
                }
            }
            default -> {
                // other events are of no interest here
            }
        }
    }

    /** Reassembles WebSocket messages (they come in fragments) and hands whole ones over. */
    private static final class Holder implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();
        private final Map<Integer, CompletableFuture<JsonNode>> bootstrap = new ConcurrentHashMap<>();
        volatile HeadlessChromium browser;

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode message = JSON.readTree(partial.toString());
                    deliver(message);
                } catch (IOException garbled) {
                    throw new IllegalStateException("DevTools sent something that is not JSON", garbled);
                } finally {
                    partial.setLength(0);
                }
            }
            socket.request(1);
            return null;
        }

        private synchronized void deliver(JsonNode message) {
            if (browser != null) {
                browser.received(message);
                return;
            }
            if (message.has("id") && bootstrap.containsKey(message.get("id").asInt())) {
                bootstrap.remove(message.get("id").asInt()).complete(message);
            }
        }

        /** Before the browser object exists: make a tab, attach to it, switch on the event domains. */
        String attach(WebSocket socket) throws Exception {
            String target = bootstrapCall(socket, 1, "Target.createTarget", JSON.createObjectNode().put("url", "about:blank"), null)
                    .get("targetId").asText();
            String session = bootstrapCall(socket, 2, "Target.attachToTarget",
                    JSON.createObjectNode().put("targetId", target).put("flatten", true), null).get("sessionId").asText();
            int id = 3;
            for (String domain : List.of("Page.enable", "Runtime.enable", "Log.enable", "Network.enable")) {
                bootstrapCall(socket, id++, domain, JSON.createObjectNode(), session);
            }
            return session;
        }

        private JsonNode bootstrapCall(WebSocket socket, int id, String method, ObjectNode params, String session)
                throws Exception {
            ObjectNode message = JSON.createObjectNode().put("id", -id).put("method", method);
            message.set("params", params);
            if (session != null) {
                message.put("sessionId", session);
            }
            CompletableFuture<JsonNode> reply = new CompletableFuture<>();
            bootstrap.put(-id, reply);
            socket.sendText(JSON.writeValueAsString(message), true).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            JsonNode answer = reply.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (answer.has("error")) {
                throw new IllegalStateException(method + " failed: " + answer.get("error"));
            }
            return answer.get("result");
        }
    }

    private static String[] waitForEndpoint(Path profile, Process process) throws IOException, InterruptedException {
        Path file = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(file)) {
                List<String> lines = Files.readAllLines(file);
                if (lines.size() >= 2) {
                    return new String[] {lines.get(0).strip(), lines.get(1).strip()};
                }
            }
            if (!process.isAlive()) {
                throw new IOException("Chromium exited with " + process.exitValue());
            }
            Thread.sleep(25);
        }
        throw new IOException("Chromium wrote no DevToolsActivePort within " + TIMEOUT);
    }

    private static String chromiumOutput(Path profile) {
        try {
            return Files.readString(profile.resolve("chromium.out"));
        } catch (IOException none) {
            return "(no output)";
        }
    }

    @Override
    public void close() throws Exception {
        try {
            call("Browser.close", JSON.createObjectNode(), null);
        } catch (Exception alreadyGone) {
            // it is being killed below anyway
        }
        socket.abort();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
        }
        deleteTree(profile);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException leftBehind) {
            // a temporary profile; nothing else depends on it being gone
        }
    }
}
