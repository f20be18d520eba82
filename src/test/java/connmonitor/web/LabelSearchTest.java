package connmonitor.web;

import static org.assertj.core.api.Assertions.assertThat;

import connmonitor.config.FleetOptions;
import connmonitor.config.Options;
import connmonitor.config.Target;
import connmonitor.probe.PingResult;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The overview's search: parts of names, addresses and label values, and NAME=VALUE label filters. */
class LabelSearchTest {

    private static final long T0 = 1_764_000_000_000L;

    private static Target target(String name, String address, Map<String, String> labels) throws Exception {
        FleetOptions fleet = new FleetOptions(new LinkedHashMap<>(labels), FleetOptions.AddressFamily.ANY, false,
                0, Optional.empty(), Optional.empty(), -1, -1);
        return new Target(name, InetAddress.ofLiteral(address), Options.DEFAULTS, 1, fleet);
    }

    private static List<String> names(HistoryStore store, String search) {
        return store.overview(search, 0, 100).rows().stream().map(HostRow::name).sorted().toList();
    }

    @Test
    void labelFiltersAndTextTermsMustAllMatchCaseIgnored() throws Exception {
        HistoryStore store = new HistoryStore();
        store.track(List.of(
                target("web1", "10.0.0.1", Map.of("site", "fra1", "role", "web")),
                target("web2", "10.0.0.2", Map.of("site", "ams1", "role", "web")),
                target("db1", "10.0.0.3", Map.of("site", "fra1", "role", "db")),
                target("bare", "10.0.0.4", Map.of())));
        assertThat(names(store, "site=fra1")).containsExactly("db1", "web1");
        assertThat(names(store, "SITE=FRA1 role=web")).containsExactly("web1");
        assertThat(names(store, "site=fra1 web")).as("a text term finds names and label values").containsExactly("web1");
        assertThat(names(store, "ams")).as("part of a label value").containsExactly("web2");
        assertThat(names(store, "site=fra")).as("a label filter is the whole value").isEmpty();
        assertThat(names(store, "  ")).hasSize(4);
        assertThat(store.overview("role=db", 0, 10).rows().getFirst().labels()).containsOnly(
                Map.entry("site", "fra1"), Map.entry("role", "db"));
        assertThat(store.labelValues()).containsExactly(Map.entry("role", List.of("db", "web")),
                Map.entry("site", List.of("ams1", "fra1")));
    }

    @Test
    void aReloadChangesTheLabelsAndTheFiltersFollow() throws Exception {
        HistoryStore store = new HistoryStore();
        store.track(List.of(target("web1", "10.0.0.1", Map.of("site", "fra1"))));
        store.record("web1", "10.0.0.1", T0, PingResult.of(10, new double[] {1, 2}));
        store.track(List.of(target("web1", "10.0.0.1", Map.of("site", "ams1"))));
        assertThat(names(store, "site=fra1")).isEmpty();
        assertThat(names(store, "site=ams1")).containsExactly("web1");
        assertThat(store.labelValues()).containsExactly(Map.entry("site", List.of("ams1")));
        assertThat(store.overview("", 0, 1).rows().getFirst().lastMillis()).as("history kept").isEqualTo(T0);
    }

    @Test
    void aLabelWithVeryManyValuesIsListedWithoutThem() throws Exception {
        HistoryStore store = new HistoryStore();
        List<Target> targets = new java.util.ArrayList<>();
        for (int i = 0; i <= HistoryStore.MAX_LISTED_VALUES; i++) {
            targets.add(target("h" + i, "10.1." + (i >> 8) + "." + (i & 255), Map.of("rack", "r" + i, "site", "fra1")));
        }
        store.track(targets);
        assertThat(store.labelValues()).containsExactly(Map.entry("rack", List.of()), Map.entry("site", List.of("fra1")));
        assertThat(names(store, "rack=R17")).containsExactly("h17");
    }
}
