package connmonitor.config;

import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/**
 * Why a file could not be read or written, in the few words an EE line ends with. The JDK's message
 * for the common cases is just the path, which the line has already said.
 */
public final class IoReason {

    private IoReason() {
    }

    public static String of(Exception failure) {
        return switch (failure) {
            case NoSuchFileException missing -> "no such file";
            case AccessDeniedException denied -> "permission denied";
            default -> failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        };
    }
}
