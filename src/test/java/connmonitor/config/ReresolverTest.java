package connmonitor.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.function.BooleanSupplier;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Names looked up again: moves, failures and recoveries, each said once; a fake lookup stands in for DNS. */
class ReresolverTest {

    private static final long PERIOD = 40;

    private static FleetOptions every(long millis, boolean all) {
        return new FleetOptions(new LinkedHashMap<>(), FleetOptions.AddressFamily.ANY, all, millis,
                Optional.empty(), Optional.empty(), -1, -1);
    }

    private static InetAddress ip(String text) {
        return InetAddress.ofLiteral(text);
    }

    private static Target target(String name, String address, FleetOptions fleet) {
        return new Target(name, ip(address), Options.DEFAULTS, 3, fleet);
    }

    /** What the fake DNS answers now: addresses, or null for a failing lookup. */
    private final AtomicReference<List<InetAddress>> answer = new AtomicReference<>();
    private final BlockingQueue<Reresolver.Moved> moves = new LinkedBlockingQueue<>();
    private final List<String> warnings = new CopyOnWriteArrayList<>();

    private Reresolver watch(Target... targets) {
        return Reresolver.watch(List.of(targets), (host, fleet) -> {
            List<InetAddress> now = answer.get();
            if (now == null) {
                throw new UnknownHostException(host);
            }
            return now;
        }, moves::add, warnings::add);
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 5 s").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    @Test
    void aNameThatMovesIsPostedOnceWithOneWarning() throws Exception {
        Target web = target("web.lab", "10.0.0.1", every(PERIOD, false));
        answer.set(List.of(ip("10.0.0.1")));
        try (Reresolver watcher = watch(web)) {
            Thread.sleep(PERIOD * 4);
            assertThat(moves).isEmpty();
            answer.set(List.of(ip("10.0.0.2")));
            Reresolver.Moved moved = moves.poll(5, TimeUnit.SECONDS);
            assertThat(moved.from()).isSameAs(watcher);
            assertThat(moved.retired()).containsExactly(web);
            assertThat(moved.added()).containsExactly(web.at(ip("10.0.0.2")));
            Thread.sleep(PERIOD * 4);
            assertThat(moves).isEmpty();
            assertThat(warnings).containsExactly("line 3: 'web.lab' moved: 10.0.0.1 -> 10.0.0.2");
        }
    }

    @Test
    void aFailingLookupKeepsTheLastGoodAddressAndSaysSoOnceAndAgainOnRecovery() throws Exception {
        Target web = target("web.lab", "10.0.0.1", every(PERIOD, false));
        answer.set(null);
        try (Reresolver watcher = watch(web)) {
            waitFor(() -> !warnings.isEmpty());
            Thread.sleep(PERIOD * 5);
            assertThat(warnings).containsExactly(
                    "line 3: cannot resolve 'web.lab' again (no such name); still measuring 10.0.0.1");
            answer.set(List.of(ip("10.0.0.1")));
            waitFor(() -> warnings.size() == 2);
            assertThat(warnings.get(1)).isEqualTo("line 3: 'web.lab' resolves again");
            assertThat(moves).isEmpty();
        }
    }

    @Test
    void roundRobinAnswersDoNotMoveATargetThatIsStillAnswered() throws Exception {
        Target web = target("rr.lab", "10.0.0.1", every(PERIOD, false));
        answer.set(List.of(ip("10.0.0.2"), ip("10.0.0.1")));
        try (Reresolver watcher = watch(web)) {
            Thread.sleep(PERIOD * 5);
            assertThat(moves).isEmpty();
            assertThat(warnings).isEmpty();
        }
    }

    @Test
    void everyAddressOfANameMovesAsOneSet() throws Exception {
        FleetOptions all = every(PERIOD, true);
        Target a = target("all.lab", "10.0.0.1", all);
        Target b = target("all.lab", "fd00::1", all);
        answer.set(List.of(ip("fd00::1"), ip("10.0.0.1"))); // same set, other order: no move
        try (Reresolver watcher = watch(a, b)) {
            Thread.sleep(PERIOD * 4);
            assertThat(moves).isEmpty();
            answer.set(List.of(ip("fd00::1"), ip("10.0.0.9")));
            Reresolver.Moved moved = moves.poll(5, TimeUnit.SECONDS);
            assertThat(moved.retired()).containsExactly(a, b);
            assertThat(moved.added()).extracting(Target::addressText).containsExactly("fd00::1", "10.0.0.9");
            assertThat(warnings).containsExactly("line 3: 'all.lab' moved: 10.0.0.1, fd00::1 -> fd00::1, 10.0.0.9");
        }
    }

    @Test
    void literalsAndResolveZeroAreNeverLookedUp() throws Exception {
        answer.set(List.of(ip("10.0.0.9")));
        try (Reresolver watcher = watch(target("10.0.0.1", "10.0.0.1", every(PERIOD, false)),
                target("once.lab", "10.0.0.1", every(0, false)))) {
            Thread.sleep(PERIOD * 4);
            assertThat(moves).isEmpty();
        }
    }
}
