package connmonitor.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Resolves config hosts to addresses on every (re)load (and {@link #lookUp} again every resolve period).
 * Literals never touch DNS; names are looked up concurrently on virtual threads (bounded), so a config
 * of thousands of names loads quickly. {@code family=} keeps one family's addresses, {@code addresses=all}
 * makes one target per address.
 */
public final class HostResolver {

    private static final int CONCURRENT_LOOKUPS = 64;
    private static final Duration LOOKUP_LIMIT = Duration.ofSeconds(30);

    private HostResolver() {
    }

    public static Resolution resolve(List<HostEntry> hosts) {
        List<Target> targets = new ArrayList<>();
        List<ConfigError> unresolved = new ArrayList<>();
        Semaphore permits = new Semaphore(CONCURRENT_LOOKUPS);
        Map<List<Object>, Optional<String>> localEnds = new HashMap<>(); // each source/interface checked once
        try (ExecutorService lookups = Executors.newVirtualThreadPerTaskExecutor()) {
            // literals are answered at once; only names cost a lookup, each on a virtual thread
            List<Future<List<InetAddress>>> addresses = new ArrayList<>(hosts.size());
            for (HostEntry host : hosts) {
                InetAddress literal = literal(host.host());
                addresses.add(literal != null ? CompletableFuture.completedFuture(List.of(literal))
                        : lookups.submit(() -> addresses(host.host(), host.fleet(), permits)));
            }
            long deadline = System.nanoTime() + LOOKUP_LIMIT.toNanos();
            for (int i = 0; i < hosts.size(); i++) {
                HostEntry host = hosts.get(i);
                try {
                    long left = Math.max(0, deadline - System.nanoTime());
                    List<InetAddress> found = addresses.get(i).get(left, TimeUnit.NANOSECONDS);
                    Optional<String> unusable = localEnds.computeIfAbsent(
                            List.of(host.fleet().source(), host.fleet().interfaceName()),
                            ends -> LocalEnds.problem(host.fleet()));
                    if (unusable.isPresent()) {
                        unresolved.add(new ConfigError(host.line(), unusable.get()));
                        continue;
                    }
                    for (InetAddress address : host.fleet().allAddresses() ? found : found.subList(0, 1)) {
                        targets.add(new Target(host.host(), address, host.options(), host.line(), host.fleet()));
                    }
                } catch (ExecutionException failed) {
                    unresolved.add(new ConfigError(host.line(), "unable to resolve host "
                            + ConfigParser.shown(host.host()) + reason(failed.getCause())));
                } catch (TimeoutException slow) {
                    addresses.get(i).cancel(true);
                    unresolved.add(new ConfigError(host.line(), "unable to resolve host "
                            + ConfigParser.shown(host.host()) + ": no answer within " + LOOKUP_LIMIT.toSeconds() + " s"));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    unresolved.add(new ConfigError(host.line(), "resolution interrupted"));
                }
            }
            lookups.shutdownNow();
        }
        return new Resolution(targets, unresolved);
    }

    /**
     * The addresses a name stands for now, in the resolver's order, only of the family the options ask
     * for, each once; at least one, else an UnknownHostException. Blocks: call it on a virtual thread.
     */
    public static List<InetAddress> lookUp(String host, FleetOptions fleet) throws UnknownHostException {
        InetAddress literal = literal(host);
        if (literal != null) {
            return List.of(literal);
        }
        try {
            return addresses(host, fleet, null);
        } catch (UnknownHostException unknown) {
            throw unknown;
        } catch (Exception other) {
            throw new UnknownHostException(other.getMessage());
        }
    }

    /** The address an IPv4 or IPv6 literal (also "[v6]") stands for, or null when the host is a name. */
    static InetAddress literal(String host) {
        String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        try {
            return InetAddress.ofLiteral(literal);
        } catch (IllegalArgumentException notALiteral) {
            return null;
        }
    }

    private static List<InetAddress> addresses(String host, FleetOptions fleet, Semaphore permits) throws Exception {
        String name = HostNames.checked(host);
        if (permits != null) {
            permits.acquire();
        }
        InetAddress[] all;
        try {
            all = InetAddress.getAllByName(name);
        } finally {
            if (permits != null) {
                permits.release();
            }
        }
        FleetOptions.AddressFamily family = fleet.effectiveFamily();
        List<InetAddress> wanted = Arrays.stream(all)
                .filter(address -> family == FleetOptions.AddressFamily.ANY || FleetOptions.familyOf(address) == family)
                .distinct().toList();
        if (wanted.isEmpty()) {
            throw new UnknownHostException("no " + family.ip() + " address");
        }
        return wanted;
    }

    private static String reason(Throwable cause) {
        if (cause instanceof UnknownHostException unknown) {
            String message = unknown.getMessage();
            return message != null && (message.equals("not a valid host name") || message.startsWith("no IPv"))
                    ? ": " + message : "";
        }
        return cause.getMessage() == null ? "" : ": " + cause.getMessage();
    }
}
