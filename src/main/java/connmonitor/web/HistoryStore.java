package connmonitor.web;

import connmonitor.config.Target;
import connmonitor.probe.Observation;
import connmonitor.probe.PathResult;
import connmonitor.probe.PingResult;
import connmonitor.probe.ScanResult;
import connmonitor.probe.TraceResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live view's memory: a {@link HostHistory} per configured host (a host is its name as written and
 * its address), fed with every observation, read by the web server. Hosts a reload removes are forgotten.
 */
public final class HistoryStore {

    private final Map<Key, HostHistory> hosts = new ConcurrentHashMap<>();
    private final Map<Integer, HostHistory> byId = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    /** Counts every change, so that a page can ask cheaply whether anything is new. */
    private final AtomicLong version = new AtomicLong();

    private record Key(String name, String address) {
    }

    /** Makes every target a host of the view (shown before its first measurement); forgets all others. */
    public void track(Collection<Target> targets) {
        Set<Key> keep = new HashSet<>();
        for (Target target : targets) {
            Key key = new Key(target.name(), target.addressText());
            keep.add(key);
            host(key);
        }
        hosts.keySet().removeIf(key -> {
            if (keep.contains(key)) {
                return false;
            }
            byId.remove(hosts.get(key).id);
            return true;
        });
        version.incrementAndGet();
    }

    /** Records a finished measurement (of any host: one seen first is added). */
    public void accept(Observation observation) {
        Target target = observation.target();
        record(target.name(), target.addressText(), observation.epochMicros() / 1000, observation.measurement());
    }

    void record(String name, String address, long epochMillis, Object measurement) {
        HostHistory host = host(new Key(name, address));
        switch (measurement) {
            case PingResult ping -> host.ping(epochMillis, ping.rtts(), ping.sent());
            case TraceResult trace -> host.trace(epochMillis, trace);
            case ScanResult scan -> host.scan(epochMillis, scan);
            case PathResult path -> host.path(epochMillis, path);
            default -> {
                return; // a kind of measurement the live view does not show
            }
        }
        version.incrementAndGet();
    }

    private HostHistory host(Key key) {
        return hosts.computeIfAbsent(key, k -> {
            HostHistory created = new HostHistory(ids.getAndIncrement(), k.name(), k.address());
            byId.put(created.id, created);
            return created;
        });
    }

    long version() {
        return version.get();
    }

    int size() {
        return hosts.size();
    }

    HostHistory byId(int id) {
        return byId.get(id);
    }

    /** One page of the overview: the hosts matching the search, worst first. */
    Overview overview(String search, int offset, int limit) {
        String needle = search.strip().toLowerCase(Locale.ROOT);
        List<HostRow> rows = new ArrayList<>(hosts.size());
        for (HostHistory host : hosts.values()) {
            HostRow row = host.row();
            if (row.matches(needle)) {
                rows.add(row);
            }
        }
        rows.sort(HostRow.WORST_FIRST);
        int from = Math.min(Math.max(0, offset), rows.size());
        int to = Math.min(rows.size(), from + Math.max(0, limit));
        return new Overview(hosts.size(), rows.size(), from, List.copyOf(rows.subList(from, to)));
    }

    /** @param total hosts in the view; matched: of them, matching the search; rows: the page asked for */
    record Overview(int total, int matched, int offset, List<HostRow> rows) {
    }
}
