package connmonitor.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Records of quantiles=1 hosts give the report real smoke (s0..s6 per bucket); 4.1.3 records give none. */
class ReportSmokeTest {

    private static final double T0 = 1_764_070_000_000.0; // before ReportRun.NOW

    @TempDir
    Path dir;

    @Test
    void burstsWithQuantilesGiveEachBucketTheirMixedQuantiles() throws Exception {
        StringBuilder log = new StringBuilder();
        for (int i = 0; i < 4; i++) { // every burst 10..30 ms uniform: the mixture is too
            log.append(String.format(java.util.Locale.ROOT, "{\"addr\":\"10.0.0.1\",\"name\":\"smoky\",\"timestamp\":%f,"
                    + "\"ping\":{\"min\":10.000000,\"avg\":20.000000,\"max\":30.000000,\"std\":6.000000,\"loss\":0.000000,"
                    + "\"quantiles\":[10.000000,12.000000,15.000000,20.000000,25.000000,28.000000,30.000000]}}%n", T0 + i * 1000));
            log.append(String.format(java.util.Locale.ROOT, "{\"addr\":\"10.0.0.2\",\"name\":\"plain\",\"timestamp\":%f,"
                    + "\"ping\":{\"min\":10.000000,\"avg\":20.000000,\"max\":30.000000,\"std\":6.000000,\"loss\":0.000000}}%n",
                    T0 + i * 1000));
        }
        log.append("{\"addr\":\"10.0.0.1\",\"name\":\"smoky\",\"timestamp\":" + (long) (T0 + 5000) + ".000000,\"ping\":{\"min\":1,"
                + "\"avg\":2,\"max\":3,\"std\":1,\"loss\":0,\"quantiles\":[3,2,1,0,0,0,0]}}\n"); // not ascending: no smoke, still a burst
        Path file = dir.resolve("log");
        Files.writeString(file, log);
        ReportRun run = ReportRun.of(file.toString(), "-o", dir.resolve("r.html").toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode smoky = ReportRun.host(run.data(), "smoky").get("ping");
        JsonNode plain = ReportRun.host(run.data(), "plain").get("ping");
        assertThat(plain.has("s0")).isFalse();
        double[] expected = {10, 12, 15, 20, 25, 28, 30};
        int withSmoke = 0;
        for (int b = 0; b < smoky.get("t").size(); b++) {
            if (smoky.get("s3").get(b).isNull()) {
                continue;
            }
            withSmoke++;
            for (int level = 0; level < 7; level++) {
                assertThat(smoky.get("s" + level).get(b).asDouble()).isCloseTo(expected[level], within(1e-3));
            }
        }
        assertThat(withSmoke).isPositive();
    }
}
