package connmonitor.report;

import java.time.Instant;
import java.util.List;

/** Everything the page shows: the hosts (sorted by name), what was read, and how it was filtered. */
record Report(List<HostSeries> hosts, List<FileStats> files, Filter filter, Instant generatedAt) {

    long records() {
        return files.stream().mapToLong(f -> f.records).sum();
    }

    long skippedLines() {
        return files.stream().mapToLong(FileStats::skippedLines).sum();
    }

    long filteredOut() {
        return files.stream().mapToLong(f -> f.filteredOut).sum();
    }
}
