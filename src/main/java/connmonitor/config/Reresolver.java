package connmonitor.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Looks config names up again every {@code resolve=} period, after a load resolved them once. Each name
 * has its own virtual thread that sleeps between lookups, so thousands of names cost no platform thread
 * and never touch the engine or the timer thread; a semaphore bounds the lookups running at once.
 * <p>
 * A name whose addresses changed is posted as a {@link Moved} for the daemon's main thread to apply (the
 * targets at the old address leave, the new ones start), with one WW line {@code old -> new}. With
 * {@code addresses=first} the address in use is kept while the name still has it, so round-robin DNS
 * does not move a target on every lookup. A lookup that fails keeps the last good address: one WW line
 * when that starts, one when the name resolves again.
 */
public final class Reresolver implements AutoCloseable {

    /** Looks a name up; {@link HostResolver#lookUp} outside tests. */
    @FunctionalInterface
    public interface Lookup {
        List<InetAddress> lookUp(String host, FleetOptions fleet) throws UnknownHostException;
    }

    /**
     * The targets of one config line move from one set of addresses to another.
     *
     * @param from the generation of targets this applies to: a move found before a reload is ignored after it
     */
    public record Moved(Reresolver from, List<Target> retired, List<Target> added) {

        /**
         * These targets with the retired ones replaced by the added ones, where the first retired one stood
         * (so the order stays the config's); empty when they do not hold every retired target (already
         * replaced: a move must never duplicate).
         */
        public Optional<List<Target>> applyTo(List<Target> targets) {
            if (!targets.containsAll(retired)) {
                return Optional.empty();
            }
            List<Target> next = new ArrayList<>(targets.size() - retired.size() + added.size());
            boolean placed = false;
            for (Target target : targets) {
                if (!retired.contains(target)) {
                    next.add(target);
                } else if (!placed) {
                    next.addAll(added);
                    placed = true;
                }
            }
            return Optional.of(List.copyOf(next));
        }
    }

    private static final int CONCURRENT_LOOKUPS = 64;

    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final Semaphore permits = new Semaphore(CONCURRENT_LOOKUPS);

    private Reresolver() {
    }

    /**
     * Starts watching every name among these targets whose line has a resolve period (literals and
     * {@code resolve=0} lines are left alone, as 4.1.3 did).
     *
     * @param moves where moves go (the daemon's mailbox); called from the watching threads
     * @param warn  where WW lines go
     */
    public static Reresolver watch(List<Target> targets, Lookup lookup, Consumer<Moved> moves, Consumer<String> warn) {
        Reresolver watcher = new Reresolver();
        Map<Integer, List<Target>> byLine = targets.stream()
                .filter(t -> t.fleet().resolveMillis() > 0 && HostResolver.literal(t.name()) == null)
                .collect(Collectors.groupingBy(Target::line, LinkedHashMap::new, Collectors.toList()));
        SplittableRandom random = new SplittableRandom();
        for (List<Target> line : byLine.values()) {
            long period = line.getFirst().fleet().resolveMillis();
            long firstDelay = period / 2 + random.nextLong(period / 2 + 1); // spread, so lookups do not bunch
            watcher.threads.submit(() -> watcher.follow(line, firstDelay, lookup, moves, warn));
        }
        return watcher;
    }

    /** One config line's name, for as long as this generation lives. */
    private void follow(List<Target> current, long firstDelay, Lookup lookup, Consumer<Moved> moves, Consumer<String> warn) {
        Target first = current.getFirst();
        long period = first.fleet().resolveMillis();
        boolean failing = false;
        try {
            Thread.sleep(firstDelay);
            while (!Thread.currentThread().isInterrupted()) {
                List<InetAddress> found = null;
                String reason = null;
                permits.acquire();
                try {
                    found = lookup.lookUp(first.name(), first.fleet());
                } catch (UnknownHostException | RuntimeException failed) {
                    reason = failed.getMessage() == null || failed.getMessage().equals(first.name())
                            ? "no such name" : failed.getMessage();
                } finally {
                    permits.release();
                }
                if (found == null || found.isEmpty()) {
                    if (!failing) {
                        failing = true;
                        warn.accept("line " + first.line() + ": cannot resolve " + ConfigParser.shown(first.name())
                                + " again (" + (reason == null ? "no address" : reason) + "); still measuring "
                                + texts(current));
                    }
                } else {
                    if (failing) {
                        failing = false;
                        warn.accept("line " + first.line() + ": " + ConfigParser.shown(first.name()) + " resolves again");
                    }
                    List<InetAddress> wanted = chosen(current, found);
                    if (!wanted.equals(current.stream().map(Target::address).toList())) {
                        List<Target> moved = wanted.stream().map(first::at).toList();
                        warn.accept("line " + first.line() + ": " + ConfigParser.shown(first.name()) + " moved: "
                                + texts(current) + " -> " + texts(moved));
                        moves.accept(new Moved(this, current, moved));
                        current = moved;
                    }
                }
                Thread.sleep(period);
            }
        } catch (InterruptedException stopped) {
            // a reload or the end of the monitor: this generation's names are no longer followed
        }
    }

    /** The addresses to measure now: all of them, or the one in use while the name still has it. */
    private static List<InetAddress> chosen(List<Target> current, List<InetAddress> found) {
        if (current.getFirst().fleet().allAddresses()) {
            List<InetAddress> inUse = current.stream().map(Target::address).toList();
            // the same set in another order is no move: keep the order in use, add new ones at the end
            if (inUse.size() == found.size() && inUse.containsAll(found)) {
                return inUse;
            }
            List<InetAddress> kept = new ArrayList<>(inUse);
            kept.retainAll(found);
            found.stream().filter(address -> !kept.contains(address)).forEach(kept::add);
            return kept;
        }
        InetAddress inUse = current.getFirst().address();
        return found.contains(inUse) ? List.of(inUse) : List.of(found.getFirst());
    }

    private static String texts(List<Target> targets) {
        return targets.stream().map(Target::addressText).collect(Collectors.joining(", "));
    }

    /** Stops following every name of this generation (a reload starts the next one). */
    @Override
    public void close() {
        threads.shutdownNow();
    }
}
