package connmonitor.output;

import java.io.IOException;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * java.util.logging (and System.Logger, which the JDK's HTTP server uses and which writes through it)
 * into our stderr format: stderr only ever holds EE and WW lines, one line each, never a stack trace.
 * A client that goes away mid-request or mid-response (an I/O error) is expected on a network
 * endpoint and not worth a line: the scraper sees its own failure.
 */
public final class LibraryLogs {

    private LibraryLogs() {
    }

    /** Replaces the console handler of the root logger; warnings and errors become WW lines. */
    public static void routeTo(Log log) {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        root.setLevel(Level.WARNING);
        root.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() < Level.WARNING.intValue() || causedByIo(record.getThrown())) {
                    return;
                }
                String message = record.getMessage() == null ? "" : record.getMessage();
                Throwable thrown = record.getThrown();
                log.warn(record.getLoggerName() + ": " + message + (thrown == null ? "" : ": " + thrown));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
    }

    private static boolean causedByIo(Throwable thrown) {
        for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException) {
                return true;
            }
        }
        return false;
    }
}
