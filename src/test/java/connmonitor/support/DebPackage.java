package connmonitor.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The Debian package of the jar under test, built once per test JVM by the build command of docs/service.md
 * ({@code packaging/build-deb.sh}) into {@code target/it-package}.
 */
public final class DebPackage {

    private static Path built;

    private DebPackage() {
    }

    /** The jar failsafe points at; the package is made from exactly this jar. */
    public static Path jar() {
        return Path.of(System.getProperty("connmonitor.jar", "target/connmonitor.jar")).toAbsolutePath();
    }

    /** The source tree: the jar sits in its target/ directory. */
    public static Path projectDir() {
        return jar().getParent().getParent();
    }

    public static synchronized Path deb() throws IOException, InterruptedException {
        if (built == null) {
            Path out = jar().getParent().resolve("it-package");
            long start = System.nanoTime();
            Commands.Outcome build = Commands.run(List.of(projectDir().resolve("packaging/build-deb.sh").toString(),
                    "--jar", jar().toString(), "--out", out.toString())).ok();
            List<String> lines = build.out().strip().lines().toList();
            Path deb = Path.of(lines.getLast());
            System.out.printf("packaging/build-deb.sh: %s, %.1f MB, built in %.1f s%n", deb.getFileName(),
                    Files.size(deb) / 1e6, (System.nanoTime() - start) / 1e9);
            built = deb;
        }
        return built;
    }
}
