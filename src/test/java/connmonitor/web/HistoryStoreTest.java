package connmonitor.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import connmonitor.probe.TraceResult;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HistoryStoreTest {

    private static final long T0 = 1_764_000_000_000L - Math.floorMod(1_764_000_000_000L, 3_600_000L);

    @Test
    void quantilesOfSamplesInterpolateBetweenNeighbours() {
        double[] samples = {5, 1, 4, 2, 3};
        Smoke smoke = Smoke.of(samples, 5);
        assertThat(smoke.rtts()).containsExactly(1, 1.4, 2, 3, 4, 4.6, 5);
    }

    @Test
    void mergingTwoEqualHalvesOfAUniformSpreadGivesTheWholeSpread() {
        Smoke low = Smoke.of(uniform(0, 10, 1001), 1001);
        Smoke high = Smoke.of(uniform(10, 20, 1001), 1001);
        Smoke both = Smoke.merge(low, 1001, high, 1001);
        assertThat(both.rtts()[0]).isEqualTo(0);
        assertThat(both.rtts()[1]).isCloseTo(2, within(0.05));
        assertThat(both.median()).isCloseTo(10, within(0.05));
        assertThat(both.rtts()[5]).isCloseTo(18, within(0.05));
        assertThat(both.rtts()[6]).isEqualTo(20);
    }

    @Test
    void aBucketKeepsItsQuantilesWithinTheCodingsSteps() {
        BucketRing ring = new BucketRing(4, 60_000);
        Smoke smoke = new Smoke(new double[] {10, 12, 15, 20, 25, 30, 80});
        ring.add(T0, smoke, 10, 9);
        List<Smoke> seen = new ArrayList<>();
        ring.forEach(T0, (start, s, sent, received) -> {
            assertThat(start).isEqualTo(T0);
            assertThat(sent).isEqualTo(10);
            assertThat(received).isEqualTo(9);
            seen.add(s);
        });
        assertThat(seen).hasSize(1);
        for (int i = 0; i < Smoke.COUNT; i++) {
            assertThat(seen.getFirst().rtts()[i]).isCloseTo(smoke.rtts()[i], within(smoke.rtts()[i] * 0.02));
        }
    }

    @Test
    void aRingForgetsWhatIsOlderThanItsSizeAndLeavesGapsEmpty() {
        BucketRing ring = new BucketRing(4, 60_000);
        Smoke smoke = new Smoke(new double[] {1, 1, 1, 1, 1, 1, 1});
        ring.add(T0, smoke, 1, 1);
        ring.add(T0 + 60_000, smoke, 1, 1);
        ring.add(T0 + 4 * 60_000, smoke, 1, 1); // overwrites T0's slot, clears the two between
        List<Long> starts = new ArrayList<>();
        ring.forEach(0, (start, s, sent, received) -> starts.add(start));
        assertThat(starts).containsExactly(T0 + 60_000, T0 + 4 * 60_000);
        ring.add(T0, smoke, 1, 1); // too old now: dropped
        starts.clear();
        ring.forEach(0, (start, s, sent, received) -> starts.add(start));
        assertThat(starts).containsExactly(T0 + 60_000, T0 + 4 * 60_000);
    }

    @Test
    void aHostsMinutesAddUpIntoFiveMinutesAndHoursWithLossAndSmoke() {
        HostHistory host = new HostHistory(0, "h", "127.0.0.1");
        Random random = new Random(1);
        for (int second = 0; second < 3600; second += 5) { // 10 pings every 5 s, 1 in 10 lost, RTT 20..30 ms
            double[] rtts = new double[9];
            for (int i = 0; i < rtts.length; i++) {
                rtts[i] = 20 + 10 * random.nextDouble();
            }
            host.ping(T0 + second * 1000L, rtts, 10);
        }
        host.ping(T0 + 3600_000L, new double[] {25}, 1); // closes the last minute
        HostDetail day = host.detail(T0 + 3600_000L - 86_400_000L, T0 + 3600_000L);
        assertThat(day.bucketMillis()).isEqualTo(5 * 60_000);
        assertThat(day.buckets()).hasSize(12);
        for (HostDetail.Bucket bucket : day.buckets()) {
            assertThat(bucket.sent()).isEqualTo(600);
            assertThat(bucket.loss()).isCloseTo(10, within(1e-9));
            assertThat(bucket.smoke().rtts()[0]).isBetween(19.6, 21.0);
            assertThat(bucket.smoke().median()).isCloseTo(25, within(1.0));
            assertThat(bucket.smoke().rtts()[6]).isBetween(29.0, 30.6);
        }
        HostDetail hour = host.detail(T0, T0 + 3600_000L);
        assertThat(hour.bucketMillis()).isEqualTo(60_000);
        assertThat(hour.buckets()).hasSize(61); // 60 closed minutes and the one still filling
        assertThat(hour.buckets().getLast().sent()).isEqualTo(1);
        HostRow row = host.row();
        assertThat(row.usual()).isCloseTo(25, within(1.0));
        assertThat(row.rttNow()).isEqualTo(25);
    }

    @Test
    void routeChangesKeepTheOldAndTheNewRoute() throws Exception {
        HostHistory host = new HostHistory(0, "h", "10.0.0.9");
        host.trace(T0, trace("10.0.0.1", "10.0.0.9"));
        host.trace(T0 + 1000, trace("10.0.0.1", "10.0.0.9"));
        host.trace(T0 + 2000, trace("10.0.0.2", "10.0.0.9"));
        HostDetail detail = host.detail(T0, T0 + 3000);
        assertThat(detail.routeChanges()).containsExactly(
                new RouteChange(T0 + 2000, List.of("10.0.0.1", "10.0.0.9"), List.of("10.0.0.2", "10.0.0.9")));
    }

    @Test
    void aRouteChangeAtAHopTheLastTraceLostShowsTheRouteKnownBefore() throws Exception {
        HostHistory host = new HostHistory(0, "h", "10.0.0.9");
        host.trace(T0, trace("10.0.0.1", "10.0.0.3", "10.0.0.9"));
        host.trace(T0 + 1000, new TraceResult(List.of(TraceResult.Step.answered(InetAddress.ofLiteral("10.0.0.1"), 1),
                TraceResult.Step.NO_ANSWER, TraceResult.Step.answered(InetAddress.ofLiteral("10.0.0.9"), 1)), true));
        host.trace(T0 + 2000, trace("10.0.0.1", "10.0.0.4", "10.0.0.9"));
        assertThat(host.detail(T0, T0 + 3000).routeChanges()).containsExactly(new RouteChange(T0 + 2000,
                List.of("10.0.0.1", "10.0.0.3", "10.0.0.9"), List.of("10.0.0.1", "10.0.0.4", "10.0.0.9")));
    }

    @Test
    void theOverviewPutsTheLossiestHostFirstThenTheSlowestAgainstItsUsual() {
        HistoryStore store = new HistoryStore();
        store.record("fine", "127.0.0.1", T0, connmonitor.probe.PingResult.of(10, filled(10, 1.0)));
        store.record("lossy", "127.0.0.2", T0, connmonitor.probe.PingResult.of(10, filled(5, 1.0)));
        store.record("quiet", "127.0.0.3", T0, connmonitor.probe.PingResult.of(10, filled(10, 1.0)));
        HistoryStore.Overview all = store.overview("", 0, 10);
        assertThat(all.rows()).extracting(HostRow::name).startsWith("lossy");
        assertThat(all.rows().getFirst().lossNow()).isEqualTo(50);
        HistoryStore.Overview found = store.overview(" 0.0.3", 0, 10);
        assertThat(found.matched()).isEqualTo(1);
        assertThat(found.rows()).extracting(HostRow::name).containsExactly("quiet");
        assertThat(store.overview("", 1, 1).rows()).hasSize(1);
    }

    @Test
    void aLogSeedsTheHistoryWithSmokeFromQuantilesAndABandFromOldRecords() throws Exception {
        HistoryStore store = new HistoryStore();
        String log = "{\"addr\":\"10.0.0.1\",\"name\":\"q\",\"timestamp\":" + T0 + ".000000,\"ping\":{\"min\":10.000000,"
                + "\"avg\":20.000000,\"max\":30.000000,\"std\":6.000000,\"loss\":0.000000,"
                + "\"quantiles\":[10.000000,12.000000,15.000000,20.000000,25.000000,28.000000,30.000000]}}\n"
                + "{\"addr\":\"10.0.0.2\", \"name\":\"old\", \"ping\":{\"min\":1,\"avg\":2,\"max\":3,\"std\":1,\"loss\":0}}\n" // no time
                + "not json\n{\"addr\":\"10.0.0.2\",\"name\":\"old\",\"timestamp\":" + T0 + ".000000,\"ping\":{\"min\":1.000000,"
                + "\"avg\":2.000000,\"max\":3.000000,\"std\":1.000000,\"loss\":50.000000}}\n{\"addr\":\"10.0";
        long taken = new HistorySeed(store, T0 + 60_000).read(new java.io.ByteArrayInputStream(log.getBytes()));
        assertThat(taken).isEqualTo(2);
        HostDetail q = store.byId(store.overview("10.0.0.1", 0, 1).rows().getFirst().id()).detail(T0, T0 + 60_000);
        double[] expected = {10, 12, 15, 20, 25, 28, 30};
        for (int i = 0; i < 7; i++) {
            assertThat(q.buckets().getFirst().smoke().rtts()[i]).isCloseTo(expected[i], within(0.6));
        }
        HostDetail old = store.byId(store.overview("10.0.0.2", 0, 1).rows().getFirst().id()).detail(T0, T0 + 60_000);
        assertThat(old.buckets().getFirst().sent()).isEqualTo(10);
        assertThat(old.buckets().getFirst().received()).isEqualTo(5);
        assertThat(old.buckets().getFirst().smoke().rtts()).containsExactly(1, 1.4, 2, 2, 2, 2.6, 3);
    }

    @Test
    void pathSetRecordsInTheLogAreLeftToTheReport() throws Exception {
        HistoryStore store = new HistoryStore();
        String log = "{\"addr\":\"10.0.6.2\",\"name\":\"web\",\"timestamp\":" + T0 + ".945000,\"paths\":[[\"10.0.1.2\","
                + "\"10.0.2.2\",\"10.0.6.2\"],[\"10.0.1.2\",\"<b>x</b>\",\"10.0.6.2\"]],\"flows\":16,\"probes\":96}\n"
                + "{\"addr\":\"10.0.0.1\",\"name\":\"q\",\"timestamp\":" + T0 + ".000000,\"ping\":{\"min\":1.000000,"
                + "\"avg\":2.000000,\"max\":3.000000,\"std\":1.000000,\"loss\":0.000000}}\n";
        long taken = new HistorySeed(store, T0 + 60_000).read(new java.io.ByteArrayInputStream(log.getBytes()));
        assertThat(taken).as("the ping only").isEqualTo(1);
        assertThat(store.overview("", 0, 10).rows()).extracting(HostRow::name).containsExactly("q");
    }

    private static double[] filled(int count, double value) {
        double[] values = new double[count];
        java.util.Arrays.fill(values, value);
        return values;
    }

    private static TraceResult trace(String... hops) throws Exception {
        List<TraceResult.Step> steps = new ArrayList<>();
        for (String hop : hops) {
            steps.add(TraceResult.Step.answered(InetAddress.getByName(hop), 1));
        }
        return new TraceResult(steps, true);
    }

    private static double[] uniform(double from, double to, int count) {
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            values[i] = from + (to - from) * i / (count - 1);
        }
        return values;
    }
}
