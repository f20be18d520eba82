package connmonitor.web;

import java.util.Comparator;

/**
 * One line of the overview, a snapshot of a host's state: loss and RTT now, its usual RTT, and what
 * the last trace and scan said.
 *
 * @param lossNow     loss in percent over this minute and the last (NaN before the first burst)
 * @param rttNow      median RTT of the last burst with a reply, in ms (NaN when none)
 * @param usual       median of the five-minute medians of the last 24 h, in ms (NaN when none)
 * @param lastMillis  when the host was last measured (any kind), 0 before
 * @param scanUp      services that answered at the last scan, -1 before the first scan
 * @param labels      the host's {@code label.NAME=VALUE} options, in config order
 */
record HostRow(int id, String name, String address, double lossNow, double rttNow, double usual,
               long lastMillis, int routeChanges, int scanUp, java.util.Map<String, String> labels) {

    /**
     * Worst first: the most loss now, then the RTT now furthest above its usual; hosts not pinged yet last,
     * then by name so that equal hosts keep a steady order between refreshes.
     */
    static final Comparator<HostRow> WORST_FIRST = Comparator
            .comparingDouble((HostRow row) -> Double.isNaN(row.lossNow) ? -1 : row.lossNow).reversed()
            .thenComparing(Comparator.comparingDouble(HostRow::slowdown).reversed())
            .thenComparing(HostRow::name)
            .thenComparingInt(HostRow::id);

    /** RTT now over its usual; 1 when either is unknown. */
    double slowdown() {
        return Double.isNaN(rttNow) || Double.isNaN(usual) || usual <= 0 ? 1 : rttNow / usual;
    }
}
