package connmonitor.output;

import connmonitor.config.Options;
import connmonitor.config.Target;
import connmonitor.probe.Observation;
import connmonitor.probe.PingResult;
import connmonitor.probe.ScanResult;
import connmonitor.probe.TraceResult;
import connmonitor.support.Json;
import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TimeZone;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FormatsTest {

    private static final long MICROS = 1_764_075_599_123_456L; // Tue Nov 25 12:59:59.123456 2025 UTC
    private static TimeZone saved;

    @BeforeAll
    static void utc() {
        saved = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
    }

    @AfterAll
    static void restore() {
        TimeZone.setDefault(saved);
    }

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
        assertThat(text).isEqualTo("localhost (127.0.0.1)\nTue Nov 25 12:59:59 2025\n0.909\t4.955\t11.368\t4.487\t0.000\n");
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
                .isEqualTo("h (127.0.0.1)\n56.446, 200, nginx\\x09bad\\x0aline\tNone\tNone\n");
    }

    @Test
    void jsonPingKeepsFullPrecisionAndExactTimestamp() {
        String line = RecordFormat.of(true).format(new Observation(target("localhost", "127.0.0.1", true, true), PING, MICROS));
        assertThat(line).startsWith("{\"addr\":\"127.0.0.1\",\"name\":\"localhost\",\"timestamp\":1764075599123.456,\"ping\":{\"min\":0.9095,")
                .endsWith("\"loss\":0.0}}\n");
        assertThat(line.indexOf('\n')).isEqualTo(line.length() - 1);
    }

    @Test
    void jsonTraceAndScanMatchTheSpec() {
        TraceResult trace = new TraceResult(List.of(
                TraceResult.Step.answered(InetAddress.ofLiteral("10.0.0.1"), 0.35),
                TraceResult.Step.NO_ANSWER,
                TraceResult.Step.answered(InetAddress.ofLiteral("10.0.0.9"), 1.2)), true);
        assertThat(RecordFormat.of(true).format(new Observation(target("host3", "10.0.0.9", true, false), trace, MICROS)))
                .isEqualTo("{\"addr\":\"10.0.0.9\",\"name\":\"host3\",\"trace\":[[\"10.0.0.1\",0.35],[\"*\"],[\"10.0.0.9\",1.2]]}\n");
        ScanResult scan = new ScanResult(
                Optional.of(new ScanResult.Http(1.2, "200", "ngi\"nx\u0001\\", ScanResult.Certificate.NONE)),
                Optional.empty(),
                Optional.of(new ScanResult.Mysql(0.9, "10.11.6-MariaDB", Optional.empty())));
        String line = RecordFormat.of(true).format(new Observation(target("localhost", "127.0.0.1", true, false), scan, MICROS));
        assertThat(line).isEqualTo("{\"addr\":\"127.0.0.1\",\"name\":\"localhost\",\"scan\":{\"http\":{\"rtt\":1.2,"
                + "\"response code\":\"200\",\"server\":\"ngi\\\"nx\\u0001\\\\\"},\"https\":\"None\","
                + "\"mysql\":{\"rtt\":0.9,\"version\":\"10.11.6-MariaDB\"}}}\n");
        assertThat(Json.parse(line).get("scan").get("http").get("server").asText()).isEqualTo("ngi\"nx\u0001\\");
    }

    @Test
    void routesCompareByAnsweringAddressesOnly() {
        InetAddress a = InetAddress.ofLiteral("10.0.0.1");
        InetAddress b = InetAddress.ofLiteral("10.0.0.2");
        TraceResult one = new TraceResult(List.of(TraceResult.Step.answered(a, 1), TraceResult.Step.answered(b, 2)), true);
        TraceResult withStar = new TraceResult(List.of(TraceResult.Step.answered(a, 9), TraceResult.Step.NO_ANSWER,
                TraceResult.Step.answered(b, 7)), true);
        TraceResult other = new TraceResult(List.of(TraceResult.Step.answered(b, 1), TraceResult.Step.answered(a, 2)), true);
        assertThat(one.sameRouteAs(withStar)).isTrue();
        assertThat(one.sameRouteAs(other)).isFalse();
        RouteChangeFilter filter = new RouteChangeFilter();
        Target host = target("h", "10.0.0.2", true, true);
        assertThat(filter.shouldPrint(new Observation(host, one, 1))).isTrue();
        assertThat(filter.shouldPrint(new Observation(host, withStar, 2))).isFalse();
        assertThat(filter.shouldPrint(new Observation(host, other, 3))).isTrue();
        assertThat(filter.shouldPrint(new Observation(host, one, 4))).isTrue();
        assertThat(filter.shouldPrint(new Observation(host, PING, 5))).isTrue();
    }
}
