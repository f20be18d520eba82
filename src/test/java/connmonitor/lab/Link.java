package connmonitor.lab;

import java.time.Duration;

/**
 * How two nodes of a lab are wired: a plain veth pair, or two TUN devices with the userspace
 * {@link Emulator} between them. For {@code link(a, b, ...)}, "aToB" is the direction from a to b.
 * The {@link Emulated} shortcuts set the same value on both directions:
 * {@code Link.emulated().delay(ofMillis(10))} holds each packet 10 ms each way (a ping reads ~20 ms).
 */
public sealed interface Link {

    /** A veth pair: the kernel's own wire, no emulator, nothing to change at run time. */
    static Link direct() {
        return new Direct();
    }

    /** An emulated link that starts as a perfect wire; change it at run time through {@link Emulator}. */
    static Emulated emulated() {
        return new Emulated(Impairment.none(), Impairment.none());
    }

    /** An emulated link with the same impairment in both directions. */
    static Emulated emulated(Impairment both) {
        return new Emulated(both, both);
    }

    /** An emulated link with its own impairment per direction. */
    static Emulated emulated(Impairment aToB, Impairment bToA) {
        return new Emulated(aToB, bToA);
    }

    record Direct() implements Link {
    }

    record Emulated(Impairment aToB, Impairment bToA) implements Link {

        public Emulated {
            if (aToB == null || bToA == null) {
                throw new IllegalArgumentException("an emulated link needs an impairment for each direction");
            }
        }

        public Emulated delay(Duration value) {
            return new Emulated(aToB.delay(value), bToA.delay(value));
        }

        public Emulated jitter(Duration value) {
            return new Emulated(aToB.jitter(value), bToA.jitter(value));
        }

        public Emulated loss(double percent) {
            return new Emulated(aToB.loss(percent), bToA.loss(percent));
        }

        public Emulated duplicate(double percent) {
            return new Emulated(aToB.duplicate(percent), bToA.duplicate(percent));
        }

        public Emulated reorder(double percent) {
            return new Emulated(aToB.reorder(percent), bToA.reorder(percent));
        }

        public Emulated corrupt(double percent) {
            return new Emulated(aToB.corrupt(percent), bToA.corrupt(percent));
        }
    }
}
