package connmonitor.cli;

import java.util.concurrent.BlockingQueue;
import sun.misc.Signal;

/**
 * Turns SIGHUP, SIGTERM and SIGINT into events on the daemon's queue, so that reloads and stops are
 * handled one at a time by the main thread and never inside a signal-handling thread.
 */
final class Signals {

    enum Event { RELOAD, STOP }

    private Signals() {
    }

    static void install(BlockingQueue<Object> events) {
        Signal.handle(new Signal("HUP"), signal -> events.add(Event.RELOAD));
        Signal.handle(new Signal("TERM"), signal -> events.add(Event.STOP));
        Signal.handle(new Signal("INT"), signal -> events.add(Event.STOP));
    }
}
