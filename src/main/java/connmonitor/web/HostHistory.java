package connmonitor.web;

import connmonitor.config.Addresses;
import connmonitor.probe.PathResult;
import connmonitor.probe.ScanResult;
import connmonitor.probe.TraceResult;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything the live view keeps about one host, in bounded memory: its pings at three resolutions
 * (a minute for the last hour, five minutes for the last day, an hour for the last week), its last
 * route changes, its newest trace and scan. Written by the daemon's thread, read by the web server's:
 * every method holds the host's lock, briefly.
 */
final class HostHistory {

    static final long MINUTE = 60_000;
    static final int MAX_ROUTE_CHANGES = 20;

    final int id;
    final String name;
    /** Where the host is measured; a name that resolves elsewhere (resolve=) moves it, history and all. */
    private volatile String address;
    final BucketRing minutes = new BucketRing(60, MINUTE);
    final BucketRing fiveMinutes = new BucketRing(288, 5 * MINUTE);
    final BucketRing hours = new BucketRing(168, 60 * MINUTE);
    private final SampleReservoir thisMinute;
    private long minute = Long.MIN_VALUE;
    private int minuteSent;
    private int minuteReceived;
    private int lastMinuteSent;
    private int lastMinuteReceived;
    private double rttNow = Double.NaN;
    private double usual = Double.NaN;
    private long lastMillis;
    private TraceResult trace;
    /** What the next trace is compared with: the route the traces so far showed ({@link TraceResult#routeKnownAfter}). */
    private TraceResult knownRoute;
    private long traceMillis;
    private ArrayDeque<RouteChange> routeChanges;
    private ScanResult scan;
    private long scanMillis;
    private PathResult path;
    private long pathMillis;
    /** The host's labels and what the search box compares (set by the daemon's thread, read by the web's). */
    private volatile Labelled labelled;

    /**
     * The host's {@code label.NAME=VALUE} options, and the same in lower case with its name and address as
     * one text, made once so that searching 10,000 hosts does not lower-case them at every request.
     *
     * @param source the map these were made from: the same map again changes nothing
     */
    private record Labelled(Map<String, String> labels, Map<String, String> lower, String searchText, Object source) {
    }

    HostHistory(int id, String name, String address) {
        this.id = id;
        this.name = name;
        this.address = address;
        this.thisMinute = new SampleReservoir(0x9E3779B97F4A7C15L * (id + 1));
        this.labelled = labelled(Map.of());
    }

    String address() {
        return address;
    }

    /**
     * The host's name now resolves to another address: it is measured there from now on and keeps its history
     * (the view follows the config's host, as SmokePing keeps a target's graph by name). Its next trace shows
     * the move as a route change, the old route beside the new.
     */
    void movedTo(String newAddress) {
        Map<String, String> labels = labelled.labels();
        address = newAddress;
        labelled = labelled(labels); // the search text holds the address
    }

    /** Sets the host's labels (config order); returns whether they changed. */
    boolean labels(Map<String, String> labels) {
        Labelled now = labelled;
        if (now.source() == labels || now.labels().equals(labels)) {
            return false;
        }
        labelled = labelled(labels);
        return true;
    }

    private Labelled labelled(Map<String, String> labels) {
        if (labels.isEmpty()) { // most hosts: nothing to keep beyond the search text
            return new Labelled(Map.of(), Map.of(), name.toLowerCase(Locale.ROOT) + '\n' + address.toLowerCase(Locale.ROOT),
                    labels);
        }
        Map<String, String> lower = new LinkedHashMap<>();
        StringBuilder text = new StringBuilder(name.toLowerCase(Locale.ROOT)).append('\n')
                .append(address.toLowerCase(Locale.ROOT));
        labels.forEach((key, value) -> {
            lower.put(key.toLowerCase(Locale.ROOT), value.toLowerCase(Locale.ROOT));
            text.append('\n').append(value.toLowerCase(Locale.ROOT));
        });
        return new Labelled(java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels)),
                Map.copyOf(lower), text.toString(), labels);
    }

    Map<String, String> labels() {
        return labelled.labels();
    }

    /** Whether the overview's search finds this host. */
    boolean matches(Search search) {
        if (search.all()) {
            return true;
        }
        Labelled now = labelled;
        return search.matches(now.searchText(), now.lower());
    }

    /** A ping burst: the RTT of every reply (ms) and how many requests went out. */
    synchronized void ping(long epochMillis, double[] rtts, int sent) {
        long bucket = Math.floorDiv(epochMillis, MINUTE);
        if (bucket < minute) { // late (a clock step back): straight into the buckets it belongs to
            double[] copy = rtts.clone();
            Smoke smoke = Smoke.of(copy, copy.length);
            minutes.add(epochMillis, smoke, sent, rtts.length);
            fiveMinutes.add(epochMillis, smoke, sent, rtts.length);
            hours.add(epochMillis, smoke, sent, rtts.length);
            return;
        }
        if (bucket > minute) {
            closeMinute(bucket);
        }
        for (double rtt : rtts) {
            thisMinute.add(rtt);
        }
        minuteSent += sent;
        minuteReceived += rtts.length;
        if (rtts.length > 0) {
            double[] sorted = rtts.clone();
            Arrays.sort(sorted);
            int middle = sorted.length / 2;
            rttNow = sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        }
        lastMillis = Math.max(lastMillis, epochMillis);
    }

    /** The minute is over: its smoke goes into all three resolutions, and the usual RTT is brought up to date. */
    private void closeMinute(long next) {
        if (minute != Long.MIN_VALUE && minuteSent > 0) {
            Smoke smoke = thisMinute.smoke();
            long at = minute * MINUTE;
            minutes.add(at, smoke, minuteSent, minuteReceived);
            fiveMinutes.add(at, smoke, minuteSent, minuteReceived);
            hours.add(at, smoke, minuteSent, minuteReceived);
            usual = median(fiveMinutes.medians());
        }
        boolean adjacent = minute != Long.MIN_VALUE && next == minute + 1;
        lastMinuteSent = adjacent ? minuteSent : 0;
        lastMinuteReceived = adjacent ? minuteReceived : 0;
        thisMinute.clear();
        minute = next;
        minuteSent = 0;
        minuteReceived = 0;
    }

    synchronized void trace(long epochMillis, TraceResult result) {
        if (knownRoute != null && !result.sameRouteAs(knownRoute)) {
            if (routeChanges == null) {
                routeChanges = new ArrayDeque<>();
            }
            if (routeChanges.size() == MAX_ROUTE_CHANGES) {
                routeChanges.removeFirst();
            }
            routeChanges.addLast(new RouteChange(epochMillis, texts(knownRoute), texts(result)));
        }
        knownRoute = result.routeKnownAfter(knownRoute);
        trace = result;
        traceMillis = epochMillis;
        lastMillis = Math.max(lastMillis, epochMillis);
    }

    synchronized void scan(long epochMillis, ScanResult result) {
        scan = result;
        scanMillis = epochMillis;
        lastMillis = Math.max(lastMillis, epochMillis);
    }

    /** The per-hop statistics (path=), when the host has them. */
    synchronized void path(long epochMillis, PathResult result) {
        path = result;
        pathMillis = epochMillis;
    }

    synchronized HostRow row() {
        int sent = minuteSent + lastMinuteSent;
        double loss = sent == 0 ? Double.NaN : 100.0 * (sent - minuteReceived - lastMinuteReceived) / sent;
        int up = scan == null ? -1 : (scan.http().isPresent() ? 1 : 0) + (scan.https().isPresent() ? 1 : 0)
                + (scan.mysql().isPresent() ? 1 : 0);
        return new HostRow(id, name, address, loss, rttNow, usual, lastMillis,
                routeChanges == null ? 0 : routeChanges.size(), up, labelled.labels());
    }

    /** What the host page shows, from fromMillis on, at the resolution that keeps that span. */
    synchronized HostDetail detail(long fromMillis, long nowMillis) {
        long span = nowMillis - fromMillis;
        BucketRing ring = span <= minutes.size * minutes.bucketMillis ? minutes
                : span <= fiveMinutes.size * fiveMinutes.bucketMillis ? fiveMinutes : hours;
        List<HostDetail.Bucket> buckets = new java.util.ArrayList<>();
        ring.forEach(fromMillis, (start, smoke, sent, received) ->
                buckets.add(new HostDetail.Bucket(start, smoke, sent, received)));
        if (ring == minutes && minuteSent > 0 && minute * MINUTE >= fromMillis) { // the minute still filling
            buckets.add(new HostDetail.Bucket(minute * MINUTE, thisMinute.smoke(), minuteSent, minuteReceived));
        }
        return new HostDetail(row(), ring.bucketMillis, buckets, trace, traceMillis,
                routeChanges == null ? List.of() : List.copyOf(routeChanges), scan, scanMillis, path, pathMillis);
    }

    /** The route as the page shows it: every hop's address, {@code *} where no answer came. */
    private static List<String> texts(TraceResult trace) {
        return trace.steps().stream().map(step -> step.answered() ? Addresses.format(step.address()) : "*").toList();
    }

    private static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        Arrays.sort(values);
        int middle = values.length / 2;
        return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}
