package connmonitor.cli;

import connmonitor.probe.Observation;

/**
 * What the daemon's main thread is told, in the order it happened: a finished measurement, a signal,
 * a name that moved, or that every measurement running at a stop has been handed on.
 */
sealed interface Mail {

    record Measured(Observation observation) implements Mail {
    }

    /** SIGHUP asks for a reload, SIGTERM and SIGINT for a stop. */
    enum Signalled implements Mail { RELOAD, STOP }

    /** A name resolved to new addresses (resolve=): its targets move. */
    record Moved(connmonitor.config.Reresolver.Moved moved) implements Mail {
    }

    record Drained() implements Mail {
    }
}
