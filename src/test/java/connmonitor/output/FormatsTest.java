package connmonitor.output;

import connmonitor.config.Options;
import connmonitor.config.Target;
import connmonitor.probe.Observation;
import connmonitor.probe.PingResult;
import connmonitor.probe.ScanResult;
import connmonitor.probe.TraceResult;
import connmonitor.support.UtcTimeZone;
import connmonitor.support.Json;
import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(UtcTimeZone.class)
class FormatsTest {

    private static final long MICROS = 1_764_075_599_123_456L; // Tue Nov 25 12:59:59.123456 2025 UTC
    private static Target target(String name, String address, boolean json, boolean timestamp) {
        Options d = Options.DEFAULTS;
        return new Target(name, InetAddress.ofLiteral(address),
                new Options(d.pingMillis(), d.numPings(), d.payload(), d.traceMillis(), d.hops(), d.scanMillis(), json,
                        timestamp), 1);
    }

    private static final PingResult PING = PingResult.of(4, new double[] {3.543, 11.368, 4.0, 0.9095});

    @Test
    void ctimePadsTheDayWithASpace() {
        assertThat(Ctime.format(Instant.parse("2026-11-05T01:02:03Z"))).isEqualTo("Thu Nov  5 01:02:03 2026");
        assertThat(Ctime.format(MICROS)).isEqualTo("Tue Nov 25 12:59:59 2025");
    }

    @Test
    void ctimeIsTheSameForEveryMicrosecondOfASecondAndFollowsTheZone() {
        long second = MICROS - 123_456L; // the records of one second share one formatted time
        assertThat(Ctime.format(second)).isEqualTo("Tue Nov 25 12:59:59 2025");
        assertThat(Ctime.format(second + 999_999L)).isEqualTo("Tue Nov 25 12:59:59 2025");
        assertThat(Ctime.format(second + 1_000_000L)).isEqualTo("Tue Nov 25 13:00:00 2025");
        assertThat(Ctime.format(second - 1L)).isEqualTo("Tue Nov 25 12:59:58 2025");
        TimeZone utc = TimeZone.getDefault();
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("Europe/Berlin"));
            assertThat(Ctime.format(second - 1L)).isEqualTo("Tue Nov 25 13:59:58 2025");
        } finally {
            TimeZone.setDefault(utc);
        }
        assertThat(Ctime.format(second - 1L)).isEqualTo("Tue Nov 25 12:59:58 2025");
    }

    @Test
    void millisAreRoundedFromTheExactBinaryValueLikeC() {
        assertThat(PlainTextFormat.millis(0.0005)).isEqualTo("0.001"); // 0.0005 is a bit above in binary
        assertThat(PlainTextFormat.millis(1.0005)).isEqualTo("1.000"); // and this one a bit below
        assertThat(PlainTextFormat.millis(1.2345)).isEqualTo("1.234");
        assertThat(PlainTextFormat.millis(-1)).isEqualTo("-1.000");
        assertThat(PlainTextFormat.millis(123456.78949)).isEqualTo("123456.789");
    }

    @Test
    void pingStatisticsUseTheSampleStandardDeviation() {
        PingResult result = PingResult.of(10, new double[] {1, 2, 3, 4});
        assertThat(result.avg()).isEqualTo(2.5);
        assertThat(result.std()).isCloseTo(1.2909944, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(result.loss()).isEqualTo(60.0);
        assertThat(PingResult.of(3, new double[] {7}).std()).isZero();
        PingResult lost = PingResult.of(5, new double[0]);
        assertThat(List.of(lost.min(), lost.avg(), lost.max(), lost.std(), lost.loss())).containsExactly(-1.0, -1.0, -1.0, -1.0, 100.0);
    }

    @Test
    void plaintextPing() {
        String text = RecordFormat.of(false).format(new Observation(target("localhost", "127.0.0.1", false, true), PING, MICROS));
        assertThat(text).isEqualTo("localhost 127.0.0.1\nTue Nov 25 12:59:59 2025\n0.909\t4.955\t11.368\t4.487\t0.000\n");
    }

    @Test
    void plaintextTraceAndScan() {
        TraceResult trace = new TraceResult(List.of(
                TraceResult.Step.answered(InetAddress.ofLiteral("10.0.0.1"), 0.35),
                TraceResult.Step.NO_ANSWER,
                TraceResult.Step.answered(InetAddress.ofLiteral("10.0.0.9"), 1.2)), true);
        assertThat(RecordFormat.of(false).format(new Observation(target("10.0.0.9", "10.0.0.9", false, false), trace, MICROS)))
                .isEqualTo("10.0.0.9\n10.0.0.1\t0.350\n*\n10.0.0.9\t1.200\n");
        ScanResult scan = new ScanResult(
                Optional.of(new ScanResult.Http(56.446, "200", "nginx\tbad\nline", ScanResult.Certificate.NONE)),
                Optional.empty(), Optional.empty());
        assertThat(RecordFormat.of(false).format(new Observation(target("h", "127.0.0.1", false, false), scan, MICROS)))
                .isEqualTo("h 127.0.0.1\n56.446, 200, nginx\\x09bad\\x0aline\tNone\tNone\n");
    }

    @Test
    void jsonPingHasSixDecimalsAndTheExactMicrosecondTimestamp() {
        String line = RecordFormat.of(true).format(new Observation(target("localhost", "127.0.0.1", true, true), PING, MICROS));
        assertThat(line).startsWith("{\"addr\":\"127.0.0.1\",\"name\":\"localhost\",\"timestamp\":1764075599123.456000,\"ping\":{\"min\":0.909500,")
                .endsWith("\"loss\":0.000000}}\n");
        assertThat(line.indexOf('\n')).isEqualTo(line.length() - 1);
    }

    @Test
    void jsonTraceAndScanMatchTheSpec() {
        TraceResult trace = new TraceResult(List.of(
                TraceResult.Step.answered(InetAddress.ofLiteral("10.0.0.1"), 0.35),
                TraceResult.Step.NO_ANSWER,
                TraceResult.Step.answered(InetAddress.ofLiteral("10.0.0.9"), 1.2)), true);
        assertThat(RecordFormat.of(true).format(new Observation(target("host3", "10.0.0.9", true, false), trace, MICROS)))
                .isEqualTo("{\"addr\":\"10.0.0.9\", \"name\":\"host3\", \"trace\":[[\"10.0.0.1\", 0.350000],[\"*\"],[\"10.0.0.9\", 1.200000]]}\n");
        ScanResult scan = new ScanResult(
                Optional.of(new ScanResult.Http(1.2, "200", "ngi\"nx\u0001\\", ScanResult.Certificate.NONE)),
                Optional.empty(),
                Optional.of(new ScanResult.Mysql(0.9, "10.11.6-MariaDB", Optional.empty())));
        String line = RecordFormat.of(true).format(new Observation(target("localhost", "127.0.0.1", true, false), scan, MICROS));
        assertThat(line).isEqualTo("{\"addr\":\"127.0.0.1\", \"name\":\"localhost\", \"scan\":{\"http\":{\"rtt\":1.200000,"
                + "\"response code\":\"200\",\"server\":\"ngi\\\"nx\\u0001\\\\\"},\"https\":\"None\","
                + "\"mysql\":{\"rtt\":0.900000,\"version\":\"10.11.6-MariaDB\"}}}\n");
        assertThat(Json.parse(line).get("scan").get("http").get("server").asText()).isEqualTo("ngi\"nx\u0001\\");
    }

    private static final InetAddress A = InetAddress.ofLiteral("10.0.0.1");
    private static final InetAddress B = InetAddress.ofLiteral("10.0.0.2");
    private static final InetAddress C = InetAddress.ofLiteral("10.0.0.3");
    private static final InetAddress H = InetAddress.ofLiteral("10.0.0.9");

    /** A trace from addresses by hop, {@code null} for a {@code *}; RTTs differ every time on purpose. */
    private static TraceResult route(InetAddress... hops) {
        return new TraceResult(java.util.Arrays.stream(hops)
                .map(hop -> hop == null ? TraceResult.Step.NO_ANSWER : TraceResult.Step.answered(hop, Math.random()))
                .toList(), hops[hops.length - 1] == H);
    }

    @Test
    void aLostProbeIsNeverARouteChange() {
        assertThat(route(A, B, null, H).sameRouteAs(route(A, B, C, H))).isTrue();
        assertThat(route(A, null, null, null).sameRouteAs(route(A, B, C, H))).isTrue();
        // the probe that would have met the host was lost, so the host answered one hop later
        assertThat(route(A, B, null, H).sameRouteAs(route(A, B, H))).isTrue();
    }

    @Test
    void aDifferentRouterOrALongerOrShorterPathIsARouteChange() {
        assertThat(route(A, C, H).sameRouteAs(route(A, B, H))).isFalse();
        assertThat(route(A, B, C, H).sameRouteAs(route(A, B, H))).isFalse(); // a router where the host was
        assertThat(route(A, H).sameRouteAs(route(A, B, H))).isFalse(); // the host where a router was
        assertThat(route(A, B, H).sameRouteAs(null)).isFalse();
    }

    @Test
    void theFilterPrintsATraceOnlyWhenItsRouteChangedSinceTheLastPrintedOne() {
        RouteChangeFilter filter = new RouteChangeFilter();
        Target host = target("h", "10.0.0.9", true, true);
        assertThat(filter.shouldPrint(new Observation(host, route(A, B, C, H), 1))).isTrue();
        assertThat(filter.shouldPrint(new Observation(host, route(A, B, null, H), 2))).isFalse();
        assertThat(filter.shouldPrint(new Observation(host, route(A, B, C, H), 3))).isFalse();
        assertThat(filter.shouldPrint(new Observation(host, route(A, C, B, H), 4))).isTrue();
        assertThat(filter.shouldPrint(new Observation(host, route(A, B, C, H), 5))).isTrue();
        assertThat(filter.shouldPrint(new Observation(host, PING, 6))).isTrue();
        filter.forgetAll(); // a reload: as 4.1.3, each host's next trace prints again
        assertThat(filter.shouldPrint(new Observation(host, route(A, B, C, H), 7))).isTrue();
        assertThat(filter.shouldPrint(new Observation(host, route(A, B, C, H), 8))).isFalse();
    }

    private static final InetAddress D = InetAddress.ofLiteral("10.0.0.4");

    /** The traces in order: whether each was printed. */
    private static List<Boolean> printedOf(TraceResult... traces) {
        RouteChangeFilter filter = new RouteChangeFilter();
        Target host = target("h", "10.0.0.9", true, true);
        List<Boolean> printed = new java.util.ArrayList<>();
        for (int i = 0; i < traces.length; i++) {
            printed.add(filter.shouldPrint(new Observation(host, traces[i], i)));
        }
        return printed;
    }

    @Test
    void aHopAPrintedTraceLostIsLearntFromLaterTracesSoAChangeThereStillPrints() {
        // the printed trace lost hop 3; a later one shows C there (same route, not printed); then D comes
        assertThat(printedOf(route(A, B, null, H), route(A, B, C, H), route(A, B, D, H))).containsExactly(true, false, true);
        // an unprinted trace that lost hop 3 neither hides the change after it nor forgets C
        assertThat(printedOf(route(A, B, C, H), route(A, B, null, H), route(A, B, D, H))).containsExactly(true, false, true);
        assertThat(printedOf(route(A, B, C, H), route(A, B, null, H), route(A, B, C, H))).containsExactly(true, false, false);
        // the printed trace met the host a hop late: a later trace shows where it is, so a router there is a change
        assertThat(printedOf(route(A, B, C, null, H), route(A, B, C, H), route(A, B, C, D, H), route(A, B, C, H)))
                .containsExactly(true, false, true, true);
        // the host met a hop late after it was met in time is still the same route, and so is an unreached trace
        TraceResult unreached = new TraceResult(List.of(TraceResult.Step.answered(A, 1), TraceResult.Step.NO_ANSWER,
                TraceResult.Step.NO_ANSWER, TraceResult.Step.NO_ANSWER, TraceResult.Step.NO_ANSWER), false);
        assertThat(printedOf(route(A, B, C, H), route(A, B, C, null, H), unreached, route(A, B, C, H), route(A, B, D, H)))
                .containsExactly(true, false, false, false, true);
    }

    private static final connmonitor.probe.PathResult PATH = new connmonitor.probe.PathResult(List.of(
            new connmonitor.probe.PathResult.Hop(1, A, 100, 100, 0.312, 0.3, 0.25, 0.4, 0.05),
            new connmonitor.probe.PathResult.Hop(2, null, 100, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN)), 100);

    @Test
    void aPathRecordListsMtrsColumnsPerHop() {
        assertThat(RecordFormat.of(true).format(new Observation(target("h", "10.0.0.9", true, false), PATH, MICROS)))
                .isEqualTo("{\"addr\":\"10.0.0.9\", \"name\":\"h\", \"path\":["
                        + "{\"hop\":1,\"addr\":\"10.0.0.1\",\"sent\":100,\"received\":100,\"loss\":0.000000,"
                        + "\"last\":0.312000,\"avg\":0.300000,\"best\":0.250000,\"worst\":0.400000,\"jitter\":0.050000},"
                        + "{\"hop\":2,\"addr\":\"*\",\"sent\":100,\"received\":0,\"loss\":100.000000,"
                        + "\"last\":-1.000000,\"avg\":-1.000000,\"best\":-1.000000,\"worst\":-1.000000,\"jitter\":-1.000000}]}\n");
        assertThat(RecordFormat.of(false).format(new Observation(target("h", "10.0.0.9", false, false), PATH, MICROS)))
                .isEqualTo("h 10.0.0.9\n1\t10.0.0.1\t0.000\t100\t0.312\t0.300\t0.250\t0.400\t0.050\n"
                        + "2\t*\t100.000\t100\t-1.000\t-1.000\t-1.000\t-1.000\t-1.000\n");
    }

    @Test
    void aPathRecordIsDueEveryPathPeriodAndOnlyWhenAskedFor() {
        Options d = Options.DEFAULTS;
        Target withPath = new Target("h", H, new Options(0, 1, 41, 1000, 30, 0, true, true, 1, 5000), 1);
        Target without = target("h", "10.0.0.9", true, true);
        connmonitor.trace.PathTracker tracker = new connmonitor.trace.PathTracker();
        long second = 1_000_000;
        assertThat(tracker.observe(new Observation(without, route(A, H), 0))).isEmpty();
        assertThat(tracker.observe(new Observation(withPath, route(A, H), 0))).isEmpty();
        assertThat(tracker.observe(new Observation(withPath, route(A, H), 4 * second))).isEmpty();
        assertThat(tracker.observe(new Observation(withPath, route(A, null), 5 * second))).hasValueSatisfying(path -> {
            connmonitor.probe.PathResult result = (connmonitor.probe.PathResult) path.measurement();
            assertThat(result.rounds()).isEqualTo(3);
            assertThat(result.hops().get(1).received()).isEqualTo(2);
        });
        assertThat(tracker.observe(new Observation(withPath, route(A, H), 6 * second))).isEmpty();
        assertThat(tracker.observe(new Observation(withPath, PING, 11 * second))).isEmpty();
        assertThat(tracker.observe(new Observation(withPath, route(A, H), 10 * second))).isPresent();
    }
}
