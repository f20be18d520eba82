package connmonitor.web;

import static org.assertj.core.api.Assertions.assertThat;

import connmonitor.config.FleetOptions;
import connmonitor.config.Options;
import connmonitor.config.Target;
import connmonitor.probe.PingResult;
import connmonitor.probe.TraceResult;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A name that resolves to a new address (resolve=): the live view's host follows it with its history. */
class MovedHostTest {

    private static final long T0 = 1_764_000_000_000L - Math.floorMod(1_764_000_000_000L, 3_600_000L);

    private static Target target(String name, String address) {
        FleetOptions fleet = new FleetOptions(new LinkedHashMap<>(Map.of("site", "fra1")), FleetOptions.AddressFamily.ANY,
                false, 300_000, Optional.empty(), Optional.empty(), -1, -1);
        return new Target(name, InetAddress.ofLiteral(address), Options.DEFAULTS, 1, fleet);
    }

    private static TraceResult route(String... hops) {
        return new TraceResult(java.util.Arrays.stream(hops)
                .map(hop -> TraceResult.Step.answered(InetAddress.ofLiteral(hop), 1)).toList(), true);
    }

    @Test
    void theHostKeepsItsIdAndHistoryUnderTheNewAddressAndTheMoveShowsAsARouteChange() {
        HistoryStore store = new HistoryStore();
        Target old = target("web.example", "10.0.0.1");
        Target other = target("db.example", "10.0.0.2");
        store.track(List.of(old, other));
        store.record("web.example", "10.0.0.1", T0, PingResult.of(10, new double[] {5, 5, 5, 5, 5}));
        store.record("web.example", "10.0.0.1", T0 + 1000, route("10.0.9.1", "10.0.0.1"));
        int id = store.overview("web", 0, 1).rows().getFirst().id();

        Target moved = old.at(InetAddress.ofLiteral("10.0.0.7"));
        store.moved(List.of(old), List.of(moved));
        store.record("web.example", "10.0.0.7", T0 + 70_000, PingResult.of(10, new double[] {9, 9, 9, 9, 9, 9, 9, 9, 9, 9}));
        store.record("web.example", "10.0.0.7", T0 + 71_000, route("10.0.9.1", "10.0.0.7"));

        assertThat(store.size()).as("no host left behind at the old address").isEqualTo(2);
        assertThat(store.overview("10.0.0.1", 0, 10).matched()).as("searching the old address").isZero();
        HostRow row = store.overview("10.0.0.7", 0, 10).rows().getFirst();
        assertThat(row.id()).isEqualTo(id);
        assertThat(row.address()).isEqualTo("10.0.0.7");
        assertThat(row.labels()).containsEntry("site", "fra1");
        HostDetail detail = store.byId(id).detail(T0, T0 + 120_000);
        assertThat(detail.buckets()).extracting(HostDetail.Bucket::sent).containsExactly(10, 10); // both minutes kept
        assertThat(detail.routeChanges()).containsExactly(new RouteChange(T0 + 71_000,
                List.of("10.0.9.1", "10.0.0.1"), List.of("10.0.9.1", "10.0.0.7")));

        store.track(List.of(moved, other)); // a later reload resolves to the same address: nothing is lost
        assertThat(store.byId(id).detail(T0, T0 + 120_000).buckets()).hasSize(2);
    }

    @Test
    void everyAddressOfANameKeepsWhatItHadAndOnlyTheNewOneStartsEmpty() {
        HistoryStore store = new HistoryStore();
        Target a = target("pool", "10.0.1.1");
        Target b = target("pool", "10.0.1.2");
        Target c = target("pool", "10.0.1.3");
        store.track(List.of(a, b));
        store.record("pool", "10.0.1.1", T0, PingResult.of(10, new double[] {1}));
        store.record("pool", "10.0.1.2", T0, PingResult.of(10, new double[] {2}));
        int idOfB = store.overview("10.0.1.2", 0, 1).rows().getFirst().id();

        store.moved(List.of(a, b), List.of(b, c, target("pool", "10.0.1.4"))); // a left, c and .4 came
        assertThat(store.size()).isEqualTo(3);
        assertThat(store.overview("10.0.1.2", 0, 1).rows().getFirst().id()).as("b untouched").isEqualTo(idOfB);
        assertThat(store.overview("10.0.1.3", 0, 1).rows().getFirst().lastMillis()).as("a's history, now at c").isEqualTo(T0);
        assertThat(store.overview("10.0.1.4", 0, 1).rows().getFirst().lastMillis()).as("a new address starts empty").isZero();

        store.moved(List.of(b, c, target("pool", "10.0.1.4")), List.of(b));
        assertThat(store.size()).as("addresses the name left are forgotten").isEqualTo(1);
    }
}
