package connmonitor.http;

import java.nio.file.Path;

/** A web config file that cannot be used; the message is one line naming the file and the problem. */
public final class WebConfigException extends Exception {

    public WebConfigException(Path file, String problem) {
        super("--web.config.file " + file + ": " + problem);
    }

    public WebConfigException(Path file, String problem, Throwable cause) {
        super("--web.config.file " + file + ": " + problem, cause);
    }
}
