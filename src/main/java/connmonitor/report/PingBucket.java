package connmonitor.report;

import connmonitor.probe.RttQuantiles;

/**
 * The ping bursts of one host in one time bucket, merged: what the chart draws for that stretch of time.
 * Everything here merges exactly with another bucket (for coarser buckets) except the median, which comes
 * from a histogram with 2 % bins and is then within 1 % of the true median of the bursts' averages.
 */
final class PingBucket {

    static final double MEDIAN_BIN_WIDTH = 0.02;

    int bursts;
    int answered;
    double sumTimestamp;
    double sumLoss;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    double minAvg = Double.POSITIVE_INFINITY;
    double maxAvg = Double.NEGATIVE_INFINITY;
    double sumAvg;
    /** The standard deviation of the burst when the bucket holds exactly one; a spread of several is max-min. */
    double std = Double.NaN;
    private final RttHistogram averages = new RttHistogram(MEDIAN_BIN_WIDTH);
    /** Quantiles of the single RTTs of the bursts that carried theirs (quantiles=1), mixed; empty when none did. */
    double[] smoke = new double[0];
    /** The weight of smoke: the bursts' shares of replies (100 - loss), as they have the same numpings. */
    private long smokeWeight;

    void add(LogRecord.Ping ping) {
        bursts++;
        sumTimestamp += ping.timestamp();
        sumLoss += ping.loss();
        std = bursts == 1 ? ping.std() : Double.NaN;
        if (ping.answered()) {
            answered++;
            min = Math.min(min, ping.min());
            max = Math.max(max, ping.max());
            minAvg = Math.min(minAvg, ping.avg());
            maxAvg = Math.max(maxAvg, ping.avg());
            sumAvg += ping.avg();
            averages.add(ping.avg());
            if (ping.quantiles().length == RttQuantiles.COUNT) {
                long weight = Math.max(1, Math.round((100 - ping.loss()) * 1000));
                smoke = RttQuantiles.merge(smoke, smokeWeight, ping.quantiles(), weight);
                smokeWeight += weight;
            }
        }
    }

    void addAll(PingBucket other) {
        bursts += other.bursts;
        answered += other.answered;
        sumTimestamp += other.sumTimestamp;
        sumLoss += other.sumLoss;
        std = bursts == 1 ? (other.bursts == 1 ? other.std : std) : Double.NaN;
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
        minAvg = Math.min(minAvg, other.minAvg);
        maxAvg = Math.max(maxAvg, other.maxAvg);
        sumAvg += other.sumAvg;
        averages.addAll(other.averages);
        smoke = RttQuantiles.merge(smoke, smokeWeight, other.smoke, other.smokeWeight);
        smokeWeight += other.smokeWeight;
    }

    /** The mean time of the bursts: where the bucket is drawn, exactly the record's time when it holds one. */
    double time() {
        return sumTimestamp / bursts;
    }

    double loss() {
        return sumLoss / bursts;
    }

    /** Mean of the answered bursts' averages; NaN when none answered. */
    double mean() {
        return answered == 0 ? Double.NaN : sumAvg / answered;
    }

    /**
     * The lower median of the answered bursts' averages: exact for one or two bursts, else from the
     * histogram, kept within the exact smallest and largest average.
     */
    double median() {
        if (answered == 0) {
            return Double.NaN;
        }
        if (answered <= 2) {
            return minAvg;
        }
        return Math.clamp(averages.quantile(0.5), minAvg, maxAvg);
    }
}
