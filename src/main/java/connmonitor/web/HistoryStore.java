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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live view's memory: a {@link HostHistory} per configured host (a host is its name as written and
 * its address), fed with every observation, read by the web server. Hosts a reload removes are forgotten.
 */
public final class HistoryStore {

    static final int MAX_LISTED_VALUES = 200;

    private final Map<Key, HostHistory> hosts = new ConcurrentHashMap<>();
    private final Map<Integer, HostHistory> byId = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    /** Counts every change, so that a page can ask cheaply whether anything is new. */
    private final AtomicLong version = new AtomicLong();
    /** The label names of all hosts with their values, for the page's filters; null when it must be made again. */
    private volatile Map<String, List<String>> labelValues;
    /** This monitor's --vantage name, shown in the page's header; null without one. */
    private volatile String vantage;

    private record Key(String name, String address) {
    }

    /** Makes every target a host of the view (shown before its first measurement); forgets all others. */
    public void track(Collection<Target> targets) {
        Set<Key> keep = new HashSet<>();
        for (Target target : targets) {
            Key key = new Key(target.name(), target.addressText());
            keep.add(key);
            host(key).labels(target.fleet().labels());
        }
        hosts.keySet().removeIf(key -> {
            if (keep.contains(key)) {
                return false;
            }
            byId.remove(hosts.get(key).id);
            return true;
        });
        labelValues = null;
        version.incrementAndGet();
    }

    /**
     * A name resolved to new addresses (resolve=): each host at an address the name left keeps its history at
     * one it gained (in order; same id, so an open page stays on it); a left address without a new one is
     * forgotten, a new address without an old one starts empty.
     */
    public void moved(List<Target> retired, List<Target> added) {
        Set<Key> before = new HashSet<>();
        retired.forEach(target -> before.add(key(target)));
        Set<Key> after = new HashSet<>();
        added.forEach(target -> after.add(key(target)));
        List<Key> left = retired.stream().map(HistoryStore::key).filter(key -> !after.contains(key)).toList();
        List<Target> gained = added.stream().filter(target -> !before.contains(key(target))).toList();
        for (int i = 0; i < left.size(); i++) {
            HostHistory host = hosts.remove(left.get(i));
            if (host == null) {
                continue;
            }
            if (i < gained.size() && !hosts.containsKey(key(gained.get(i)))) {
                host.movedTo(gained.get(i).addressText());
                hosts.put(key(gained.get(i)), host);
            } else {
                byId.remove(host.id);
            }
        }
        for (Target target : gained) {
            host(key(target)).labels(target.fleet().labels());
        }
        labelValues = null;
        version.incrementAndGet();
    }

    private static Key key(Target target) {
        return new Key(target.name(), target.addressText());
    }

    /** Records a finished measurement (of any host: one seen first is added). */
    public void accept(Observation observation) {
        Target target = observation.target();
        record(target.name(), target.addressText(), target.fleet().labels(), observation.epochMicros() / 1000,
                observation.measurement());
    }

    /** A measurement of a host, its labels left as they are. */
    void record(String name, String address, long epochMillis, Object measurement) {
        record(name, address, null, epochMillis, measurement);
    }

    /** A measurement of a host with these labels (its config's, or its record's when seeded from a log; null: as they are). */
    void record(String name, String address, Map<String, String> labels, long epochMillis, Object measurement) {
        HostHistory host = host(new Key(name, address));
        if (labels != null && host.labels(labels)) {
            labelValues = null;
        }
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

    void vantage(String name) {
        vantage = name;
    }

    String vantage() {
        return vantage;
    }

    /**
     * Every label name of the hosts with its values, sorted, for the page's filters; a name with more than
     * {@link #MAX_LISTED_VALUES} values is listed without them (too many to choose from: type NAME=VALUE).
     */
    Map<String, List<String>> labelValues() {
        Map<String, List<String>> made = labelValues;
        if (made == null) {
            Map<String, Set<String>> all = new TreeMap<>();
            for (HostHistory host : hosts.values()) {
                host.labels().forEach((name, value) -> all.computeIfAbsent(name, n -> new TreeSet<>()).add(value));
            }
            Map<String, List<String>> listed = new LinkedHashMap<>();
            all.forEach((name, values) -> listed.put(name, values.size() > MAX_LISTED_VALUES ? List.of() : List.copyOf(values)));
            made = java.util.Collections.unmodifiableMap(listed);
            labelValues = made;
        }
        return made;
    }

    /**
     * One page of the overview: the hosts matching the search, worst first. Only the worst offset + limit are
     * kept while the hosts are read (a heap whose head is the best of them), so the first page of 10,000 hosts
     * sorts 50 rows, not 10,000.
     */
    Overview overview(String text, int offset, int limit) {
        Search search = Search.parse(text);
        int from = Math.max(0, offset);
        int want = (int) Math.min(Integer.MAX_VALUE, (long) from + Math.max(0, limit));
        PriorityQueue<HostRow> worst = new PriorityQueue<>(Math.min(want, hosts.size()) + 1, HostRow.WORST_FIRST.reversed());
        int matched = 0;
        for (HostHistory host : hosts.values()) {
            if (!host.matches(search)) {
                continue;
            }
            matched++;
            if (want == 0) {
                continue;
            }
            HostRow row = host.row();
            if (worst.size() < want) {
                worst.add(row);
            } else if (HostRow.WORST_FIRST.compare(row, worst.peek()) < 0) {
                worst.poll();
                worst.add(row);
            }
        }
        List<HostRow> rows = new ArrayList<>(worst);
        rows.sort(HostRow.WORST_FIRST);
        int start = Math.min(from, rows.size());
        return new Overview(hosts.size(), matched, Math.min(from, matched), List.copyOf(rows.subList(start, rows.size())));
    }

    /** @param total hosts in the view; matched: of them, matching the search; rows: the page asked for */
    record Overview(int total, int matched, int offset, List<HostRow> rows) {
    }
}
