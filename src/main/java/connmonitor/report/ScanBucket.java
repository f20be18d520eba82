package connmonitor.report;

/** The scans of one host in one time bucket, per service: how often it was up, its RTTs, what it said last. */
final class ScanBucket {

    static final String[] SERVICES = {"http", "https", "mysql"};

    final Service[] services = {new Service(), new Service(), new Service()};
    double sumTimestamp;
    int scans;

    void add(LogRecord.Scan scan) {
        scans++;
        sumTimestamp += scan.timestamp();
        services[0].add(scan.http(), scan.timestamp());
        services[1].add(scan.https(), scan.timestamp());
        services[2].add(scan.mysql(), scan.timestamp());
    }

    void addAll(ScanBucket other) {
        scans += other.scans;
        sumTimestamp += other.sumTimestamp;
        for (int i = 0; i < services.length; i++) {
            services[i].addAll(other.services[i]);
        }
    }

    double time() {
        return sumTimestamp / scans;
    }

    static final class Service {
        int up;
        int total;
        private int timed;
        private double sumRtt;
        /** What the service said in the latest scan it answered (code and server, or version). */
        String detail;
        /** Latest by record time, not by reading order, so shuffled logs give the same page. */
        private double detailTime = Double.NEGATIVE_INFINITY;

        private void add(LogRecord.Scan.Service service, double time) {
            total++;
            if (service == null) {
                return;
            }
            up++;
            if (Double.isFinite(service.rttMillis())) {
                timed++;
                sumRtt += service.rttMillis();
            }
            if (time >= detailTime) {
                detail = service.detail();
                detailTime = time;
            }
        }

        private void addAll(Service other) {
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
