package connmonitor.report;

import java.util.EnumMap;
import java.util.Map;

/** The scans of one host in one time bucket, per service: how often it was up, its RTTs, what it said last. */
final class ScanBucket {

    private final Map<Service, ServiceStats> services = new EnumMap<>(Service.class);
    double sumTimestamp;
    int scans;

    void add(LogRecord.Scan scan) {
        scans++;
        sumTimestamp += scan.timestamp();
        for (Service service : Service.values()) {
            stats(service).add(scan.answer(service), scan.timestamp());
        }
    }

    ServiceStats stats(Service service) {
        return services.computeIfAbsent(service, unused -> new ServiceStats());
    }

    void addAll(ScanBucket other) {
        scans += other.scans;
        sumTimestamp += other.sumTimestamp;
        other.services.forEach((service, stats) -> stats(service).addAll(stats));
    }

    double time() {
        return sumTimestamp / scans;
    }

    static final class ServiceStats {
        int up;
        int total;
        private int timed;
        private double sumRtt;
        /** What the service said in the latest scan it answered (code and server, or version). */
        String detail;
        /** Latest by record time, not by reading order, so shuffled logs give the same page. */
        private double detailTime = Double.NEGATIVE_INFINITY;

        private void add(LogRecord.Scan.Answer answer, double time) {
            total++;
            if (answer == null) {
                return;
            }
            up++;
            if (Double.isFinite(answer.rttMillis())) {
                timed++;
                sumRtt += answer.rttMillis();
            }
            if (time >= detailTime) {
                detail = answer.detail();
                detailTime = time;
            }
        }

        private void addAll(ServiceStats other) {
            up += other.up;
            total += other.total;
            timed += other.timed;
            sumRtt += other.sumRtt;
            if (other.detail != null && other.detailTime >= detailTime) {
                detail = other.detail;
                detailTime = other.detailTime;
            }
        }

        /** Mean RTT of the scans it answered; NaN when it never did. */
        double meanRtt() {
            return timed == 0 ? Double.NaN : sumRtt / timed;
        }
    }
}
