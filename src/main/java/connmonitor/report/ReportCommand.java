package connmonitor.report;

import connmonitor.config.IoReason;
import connmonitor.output.Log;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code connmonitor report LOG... [-o report.html] [--since TIME] [--until TIME] [--host NAME]}: reads JSON
 * record logs and writes one self-contained HTML page with a SmokePing-style chart per host.
 */
public final class ReportCommand {

    private static final int OK = 0;
    private static final int FAILURE = 1;

    private ReportCommand() {
    }

    public static int run(List<String> args, PrintStream out, Log log) {
        return run(args, out, log, System.in, Clock.systemDefaultZone());
    }

    static int run(List<String> args, PrintStream out, Log log, InputStream stdin, Clock clock) {
        return switch (ReportArguments.parse(args, clock.instant(), clock.getZone())) {
            case ReportArguments.Help help -> {
                out.print(ReportArguments.USAGE);
                yield OK;
            }
            case ReportArguments.Problem problem -> {
                log.error("UsageError", "report: " + problem.message() + " (see connmonitor report --help)");
                yield FAILURE;
            }
            case ReportArguments.Options options -> report(options, out, log, stdin, clock.instant());
        };
    }

    private static int report(ReportArguments.Options options, PrintStream out, Log log, InputStream stdin,
                              Instant now) {
        for (String file : options.logs()) {
            if (!file.equals("-") && !Files.isRegularFile(Path.of(file))) {
                log.error("FileNotFoundError", "report: no such log file: " + file);
                return FAILURE;
            }
        }
        if (!options.output().equals("-")) {
            Path folder = Path.of(options.output()).toAbsolutePath().getParent();
            if (!Files.isDirectory(folder) || !Files.isWritable(folder)) {
                // said before reading what may be gigabytes of log
                log.error("WriteError", "report: cannot write " + options.output() + ": no writable folder " + folder);
                return FAILURE;
            }
        }
        ReportBuilder builder = new ReportBuilder(options.filter());
        LogLoader loader = new LogLoader(builder, new RecordParser(now.toEpochMilli()), log);
        List<FileStats> files = new ArrayList<>();
        for (String file : options.logs()) {
            try {
                files.add(loader.load(file, stdin));
            } catch (IOException unreadable) {
                log.error("ReadError", "report: " + file + ": " + IoReason.of(unreadable));
                return FAILURE;
            }
        }
        Report report = builder.build(files, now);
        if (report.records() == 0) {
            log.warn("report: no usable records in " + String.join(", ", options.logs())
                    + (report.filteredOut() > 0 ? " within the filters" : "") + "; the page says so");
        }
        try {
            write(report, options.output(), out);
        } catch (IOException unwritable) {
            log.error("WriteError", "report: cannot write " + options.output() + ": " + IoReason.of(unwritable));
            return FAILURE;
        }
        if (!options.output().equals("-")) {
            out.println(options.output() + ": " + report.hosts().size() + " host" + plural(report.hosts().size())
                    + ", " + report.records() + " record" + plural(report.records()) + " from " + files.size()
                    + " file" + plural(files.size()) + ", " + report.skippedLines() + " line"
                    + plural(report.skippedLines()) + " skipped"
                    + (report.filteredOut() > 0 ? ", " + report.filteredOut() + " records outside the filters" : ""));
        }
        return OK;
    }

    /** Writes to a temporary file beside the target and moves it in place: never a half-written page. */
    private static void write(Report report, String output, PrintStream out) throws IOException {
        HtmlPageWriter page = new HtmlPageWriter(PageAssets.fromClasspath());
        if (output.equals("-")) {
            Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            page.write(report, writer);
            writer.flush();
            return;
        }
        Path target = Path.of(output).toAbsolutePath();
        Path temporary = Files.createTempFile(target.getParent(), ".connmonitor-report", ".tmp");
        try {
            try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                page.write(report, writer);
            }
            readableByAll(temporary);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** A temporary file is private; a report is a page to share, like any file the user writes. */
    private static void readableByAll(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException notPosix) {
            // the file system has its own idea of permissions; leave them
        }
    }

    private static String plural(long count) {
        return count == 1 ? "" : "s";
    }
}
