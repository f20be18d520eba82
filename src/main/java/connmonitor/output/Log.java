package connmonitor.output;

import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Errors and warnings on stderr, one whole line per write:
 * {@code EE: <ErrorType>: <description> -\t <ctime>} and {@code WW: <warning> -\t <ctime>} (4.1.3 printed
 * the pieces with Python's {@code print}, which puts a space between them, hence the space after the tab),
 * red and yellow only when stderr is a terminal.
 */
public final class Log {

    private static final String RED = "\033[38;2;255;0;0m";
    private static final String YELLOW = "\033[38;2;238;216;78m";
    private static final String RESET = "\033[m";

    private final OutputStream err;
    private final Clock clock;
    private final boolean colour;

    public Log(OutputStream err, Clock clock, boolean colour) {
        this.err = err;
        this.clock = clock;
        this.colour = colour;
    }

    /** The process's stderr, written unbuffered so every line is out before anything that follows. */
    public static Log stderr() {
        return new Log(new FileOutputStream(FileDescriptor.err), Clock.systemDefaultZone(), stderrIsTerminal());
    }

    public void error(String type, String description) {
        line(RED, "EE: " + type + ": " + oneLine(description));
    }

    public void warn(String warning) {
        line(YELLOW, "WW: " + oneLine(warning));
    }

    private void line(String colourCode, String text) {
        String line = text + " -\t " + Ctime.format(clock.instant());
        String framed = colour ? colourCode + line + RESET + "\n" : line + "\n";
        byte[] bytes = framed.getBytes(StandardCharsets.UTF_8);
        synchronized (this) {
            try {
                err.write(bytes);
                err.flush();
            } catch (IOException lost) {
                // stderr is gone; there is nowhere left to report that
            }
        }
    }

    /** A description never spans lines: each EE/WW line stands alone for log pipelines. */
    private static String oneLine(String text) {
        return text == null ? "" : text.replace("\r", "\\r").replace("\n", "\\n");
    }

    /** Whether fd 2 is a terminal, read from /proc so that no native call is needed. */
    private static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException unknown) {
            return false;
        }
    }
}
