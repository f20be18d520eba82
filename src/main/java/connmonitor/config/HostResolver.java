package connmonitor.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Resolves config hosts to addresses, once per (re)load. Literals never touch DNS; names are looked
 * up concurrently on virtual threads (bounded), so a config of thousands of names loads quickly.
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
        try (ExecutorService lookups = Executors.newVirtualThreadPerTaskExecutor()) {
            // literals are answered at once; only names cost a lookup, each on a virtual thread
            List<Future<InetAddress>> addresses = new ArrayList<>(hosts.size());
            for (HostEntry host : hosts) {
                InetAddress literal = literal(host.host());
                addresses.add(literal != null ? CompletableFuture.completedFuture(literal)
                        : lookups.submit(() -> lookUp(host.host(), permits)));
            }
            long deadline = System.nanoTime() + LOOKUP_LIMIT.toNanos();
            for (int i = 0; i < hosts.size(); i++) {
                HostEntry host = hosts.get(i);
                try {
                    long left = Math.max(0, deadline - System.nanoTime());
                    InetAddress address = addresses.get(i).get(left, TimeUnit.NANOSECONDS);
                    targets.add(new Target(host.host(), address, host.options(), host.line()));
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

    /** The address an IPv4 or IPv6 literal (also "[v6]") stands for, or null when the host is a name. */
    private static InetAddress literal(String host) {
        String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        try {
            return InetAddress.ofLiteral(literal);
        } catch (IllegalArgumentException notALiteral) {
            return null;
        }
    }

    private static InetAddress lookUp(String host, Semaphore permits) throws Exception {
        String name = HostNames.checked(host);
        permits.acquire();
        try {
            return InetAddress.getByName(name);
        } finally {
            permits.release();
        }
    }

    private static String reason(Throwable cause) {
        if (cause instanceof UnknownHostException unknown) {
            return "not a valid host name".equals(unknown.getMessage()) ? ": not a valid host name" : "";
        }
        return cause.getMessage() == null ? "" : ": " + cause.getMessage();
    }
}
