package connmonitor.lab;

import java.time.Duration;

/**
 * What an emulated link does to the packets of ONE direction (like netem on that direction's egress).
 * Build it from {@link #none()} with the same-named methods: {@code Impairment.none().delay(ofMillis(10)).loss(30)}.
 * A ping's round trip crosses the link twice, so it sees the delays of both directions added.
 *
 * @param delay     one-way hold time of every packet
 * @param jitter    each packet's hold time is drawn uniformly from delay +- jitter (never below 0);
 *                  packets then leave in deadline order, so jitter may reorder them, as in netem
 * @param loss      percent (0..100) of packets dropped
 * @param duplicate percent of packets sent twice (the copy leaves together with the original)
 * @param reorder   percent of packets sent at once, without the delay, so they overtake held packets
 *                  (netem's meaning: it needs a delay and packets closer together than that delay)
 * @param corrupt   percent of packets with one byte of the IP payload flipped, so the transport
 *                  checksum (ICMP, UDP, TCP) fails; IP headers stay intact so the packet is delivered
 */
public record Impairment(Duration delay, Duration jitter, double loss, double duplicate, double reorder,
                         double corrupt) {

    private static final Impairment NONE = new Impairment(Duration.ZERO, Duration.ZERO, 0, 0, 0, 0);

    public Impairment {
        requireNonNegative("delay", delay);
        requireNonNegative("jitter", jitter);
        requirePercent("loss", loss);
        requirePercent("duplicate", duplicate);
        requirePercent("reorder", reorder);
        requirePercent("corrupt", corrupt);
    }

    /** A perfect wire: no delay, nothing lost, duplicated, reordered or corrupted. */
    public static Impairment none() {
        return NONE;
    }

    public Impairment delay(Duration value) {
        return new Impairment(value, jitter, loss, duplicate, reorder, corrupt);
    }

    public Impairment jitter(Duration value) {
        return new Impairment(delay, value, loss, duplicate, reorder, corrupt);
    }

    /** @param percent 0..100 */
    public Impairment loss(double percent) {
        return new Impairment(delay, jitter, percent, duplicate, reorder, corrupt);
    }

    /** @param percent 0..100 */
    public Impairment duplicate(double percent) {
        return new Impairment(delay, jitter, loss, percent, reorder, corrupt);
    }

    /** @param percent 0..100 */
    public Impairment reorder(double percent) {
        return new Impairment(delay, jitter, loss, duplicate, percent, corrupt);
    }

    /** @param percent 0..100 */
    public Impairment corrupt(double percent) {
        return new Impairment(delay, jitter, loss, duplicate, reorder, percent);
    }

    @Override
    public String toString() {
        return "delay=%sms jitter=%sms loss=%s%% duplicate=%s%% reorder=%s%% corrupt=%s%%".formatted(
                millis(delay), millis(jitter), loss, duplicate, reorder, corrupt);
    }

    private static String millis(Duration d) {
        return String.valueOf(d.toNanos() / 1e6);
    }

    private static void requireNonNegative(String name, Duration value) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be a duration >= 0, got " + value);
        }
    }

    private static void requirePercent(String name, double value) {
        if (!(value >= 0 && value <= 100)) {
            throw new IllegalArgumentException(name + " must be a percentage 0..100, got " + value);
        }
    }
}
