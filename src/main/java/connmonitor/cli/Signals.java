package connmonitor.cli;

import java.util.concurrent.BlockingQueue;
import sun.misc.Signal;

/**
 * Turns SIGHUP, SIGTERM and SIGINT into mail for the daemon, so that reloads and stops are handled one
 * at a time by the main thread and never inside a signal-handling thread. One thing a stop does at
 * once, in the signal's thread: it stops scheduling measurements. The main thread reads its mail only
 * between writes to stdout, and behind a slow reader (a full pipe) the stop mail would wait behind
 * every record queued before it while new measurements kept coming: the process never exited when the
 * reader was slower than the records came.
 */
final class Signals {

    private Signals() {
    }

    /** @param stopScheduling run at once on SIGTERM and SIGINT, before the stop mail is posted */
    static void install(BlockingQueue<Mail> mailbox, Runnable stopScheduling) {
        Signal.handle(new Signal("HUP"), signal -> mailbox.add(Mail.Signalled.RELOAD));
        Signal.handle(new Signal("TERM"), signal -> stop(mailbox, stopScheduling));
        Signal.handle(new Signal("INT"), signal -> stop(mailbox, stopScheduling));
    }

    private static void stop(BlockingQueue<Mail> mailbox, Runnable stopScheduling) {
        try {
            stopScheduling.run();
        } finally {
            mailbox.add(Mail.Signalled.STOP);
        }
    }
}
