package connmonitor.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

/**
 * What the report should say, worked out the slow and obvious way: every record read with jackson-databind
 * (not the report's streaming parser), every number kept, percentiles from sorted arrays. Tests compare the
 * report against this.
 */
final class RecordsOracle {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Burst(double time, double min, double avg, double max, double std, double loss) {
    }

    /** One host's records, bursts in time order. */
    static final class Host {
        final List<Burst> bursts = new ArrayList<>();
        final List<double[]> traceTimes = new ArrayList<>();
        final List<List<String>> traceHops = new ArrayList<>();
        final long[] scansUp = new long[3];
        long scans;

        long answered() {
            return bursts.stream().filter(b -> b.loss() < 100).count();
        }

        double availability() {
            return 100.0 * answered() / bursts.size();
        }

        double loss() {
            return bursts.stream().mapToDouble(Burst::loss).average().orElse(Double.NaN);
        }

        /** Nearest-rank percentile of the answered bursts' averages. */
        double percentile(double q) {
            double[] avgs = bursts.stream().filter(b -> b.loss() < 100).mapToDouble(Burst::avg).sorted().toArray();
            int rank = (int) Math.max(1, Math.ceil(q * avgs.length));
            return avgs[rank - 1];
        }

        /** Route changes as docs/spec.md counts them: a hop answered in both with different addresses. */
        int routeChanges() {
            Integer[] order = new Integer[traceTimes.size()];
            Arrays.setAll(order, i -> i);
            Arrays.sort(order, Comparator.comparingDouble(i -> traceTimes.get(i)[0]));
            int changes = 0;
            for (int k = 1; k < order.length; k++) {
                List<String> now = traceHops.get(order[k]);
                List<String> before = traceHops.get(order[k - 1]);
                for (int hop = 0; hop < Math.min(now.size(), before.size()); hop++) {
                    if (!now.get(hop).equals("*") && !before.get(hop).equals("*") && !now.get(hop).equals(before.get(hop))) {
                        changes++;
                        break;
                    }
                }
            }
            return changes;
        }
    }

    final Map<String, Host> hosts = new TreeMap<>();

    static RecordsOracle read(Path... files) throws IOException {
        RecordsOracle oracle = new RecordsOracle();
        for (Path file : files) {
            byte[] bytes;
            try (InputStream in = Files.newInputStream(file)) {
                bytes = file.toString().endsWith(".gz") ? new GZIPInputStream(in).readAllBytes() : in.readAllBytes();
            }
            for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
                oracle.take(line);
            }
        }
        oracle.hosts.values().forEach(h -> h.bursts.sort(Comparator.comparingDouble(Burst::time)));
        return oracle;
    }

    private void take(String line) {
        JsonNode record;
        try {
            record = JSON.readTree(line);
        } catch (IOException notJson) {
            return;
        }
        if (record == null || !record.isObject() || !record.has("timestamp") || !record.has("name")) {
            return;
        }
        Host host = hosts.computeIfAbsent(record.get("name").asText(), n -> new Host());
        double time = record.get("timestamp").asDouble();
        if (record.has("ping")) {
            JsonNode p = record.get("ping");
            host.bursts.add(new Burst(time, p.get("min").asDouble(), p.get("avg").asDouble(), p.get("max").asDouble(),
                    p.get("std").asDouble(), p.get("loss").asDouble()));
        } else if (record.has("trace")) {
            List<String> hops = new ArrayList<>();
            record.get("trace").forEach(step -> hops.add(step.get(0).asText()));
            host.traceTimes.add(new double[] {time});
            host.traceHops.add(hops);
        } else if (record.has("scan")) {
            host.scans++;
            String[] services = {"http", "https", "mysql"};
            for (int i = 0; i < 3; i++) {
                if (record.get("scan").get(services[i]).isObject()) {
                    host.scansUp[i]++;
                }
            }
        }
    }
}
