package connmonitor.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A fresh root directory with the package installed by {@code dpkg --root}, maintainer scripts included:
 * they run outside a chroot with DPKG_ROOT set (--force-script-chrootless), so they act on this root
 * only. The root holds just what base-files would give (/etc, /run, /var/log, /var/run -> /run) and
 * none of the package's dependencies (--force-depends). Deleted on close.
 */
public final class PackageRoot implements AutoCloseable {

    private final Path dir;

    private PackageRoot(Path dir) {
        this.dir = dir;
    }

    public static PackageRoot install(Path deb) throws IOException, InterruptedException {
        // Under target/, and traversable: the service's unprivileged user must reach the files inside.
        Path dir = Files.createTempDirectory(DebPackage.jar().getParent(), "root-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        PackageRoot root = new PackageRoot(dir);
        try {
            for (String sub : List.of("etc", "run", "var/log", "var/lib/dpkg/info", "var/lib/dpkg/updates",
                    "var/lib/dpkg/triggers")) {
                Files.createDirectories(dir.resolve(sub));
            }
            Files.createSymbolicLink(dir.resolve("var/run"), Path.of("../run"));
            Files.createFile(dir.resolve("var/lib/dpkg/status"));
            root.dpkg("--force-depends", "--install", deb.toString()).ok();
            return root;
        } catch (IOException | InterruptedException | RuntimeException | Error failed) {
            root.close();
            throw failed;
        }
    }

    public Path dir() {
        return dir;
    }

    /** An absolute path of the installed system, inside this root. */
    public Path path(String absolute) {
        if (!absolute.startsWith("/")) {
            throw new IllegalArgumentException("not absolute: " + absolute);
        }
        return dir.resolve(absolute.substring(1));
    }

    /** Runs dpkg on this root, e.g. {@code --remove connmonitor}. */
    public Commands.Outcome dpkg(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("dpkg", "--root=" + dir, "--force-script-chrootless",
                "--log=/dev/null"));
        command.addAll(List.of(arguments));
        return Commands.run(command);
    }

    @Override
    public void close() throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) { // does not follow symbolic links
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
