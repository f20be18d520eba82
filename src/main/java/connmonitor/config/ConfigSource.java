package connmonitor.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Where the config comes from: a file that can be re-read on SIGHUP, or stdin, read once to EOF. */
public sealed interface ConfigSource {

    /** The largest config read; a bigger one is an error rather than a way to exhaust memory. */
    long MAX_BYTES = 64L * 1024 * 1024;

    byte[] read() throws IOException;

    /** The file, when there is one to re-read. */
    Optional<Path> file();

    /** How errors name it. */
    String describe();

    record File(Path path) implements ConfigSource {
        @Override
        public byte[] read() throws IOException {
            if (Files.isDirectory(path)) {
                throw new IOException("'" + path + "' is a directory");
            }
            try (InputStream in = Files.newInputStream(path)) {
                return readLimited(in);
            }
        }

        @Override
        public Optional<Path> file() {
            return Optional.of(path);
        }

        @Override
        public String describe() {
            return "'" + path + "'";
        }
    }

    record Stdin(InputStream in) implements ConfigSource {
        @Override
        public byte[] read() throws IOException {
            return readLimited(in);
        }

        @Override
        public Optional<Path> file() {
            return Optional.empty();
        }

        @Override
        public String describe() {
            return "standard input";
        }
    }

    private static byte[] readLimited(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes((int) MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            throw new IOException("the config is larger than " + (MAX_BYTES >> 20) + " MiB");
        }
        return bytes;
    }
}
