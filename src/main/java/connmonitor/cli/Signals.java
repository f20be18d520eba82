package connmonitor.cli;

import java.util.concurrent.BlockingQueue;
import sun.misc.Signal;

/**
 * Turns SIGHUP, SIGTERM and SIGINT into mail for the daemon, so that reloads and stops are handled one
 * at a time by the main thread and never inside a signal-handling thread.
 */
final class Signals {

    private Signals() {
    }

    static void install(BlockingQueue<Mail> mailbox) {
        Signal.handle(new Signal("HUP"), signal -> mailbox.add(Mail.Signalled.RELOAD));
        Signal.handle(new Signal("TERM"), signal -> mailbox.add(Mail.Signalled.STOP));
        Signal.handle(new Signal("INT"), signal -> mailbox.add(Mail.Signalled.STOP));
    }
}
