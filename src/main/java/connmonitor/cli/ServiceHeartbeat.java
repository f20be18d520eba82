package connmonitor.cli;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The once-a-second housekeeping thread, and what systemd hears while the monitor runs: a STATUS= line every {@link #STATUS_PERIOD}, and, when the
 * unit sets WatchdogSec=, WATCHDOG=1 three times per interval as long as the measuring threads make
 * progress. A stuck engine stops the pings, and systemd kills and restarts the service.
 */
final class ServiceHeartbeat implements AutoCloseable {

    static final Duration STATUS_PERIOD = Duration.ofSeconds(10);

    private final ScheduledExecutorService thread;

    private ServiceHeartbeat(ScheduledExecutorService thread) {
        this.thread = thread;
    }

    /**
     * Runs {@code everySecond} always; STATUS= and WATCHDOG=1 only when there is a service manager
     * (NOTIFY_SOCKET set).
     */
    static ServiceHeartbeat start(SystemdNotify systemd, Supplier<String> status, Optional<Duration> watchdog,
                                  BooleanSupplier alive, Duration statusPeriod, Runnable everySecond) {
        ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("heartbeat").daemon(true).factory());
        thread.scheduleAtFixedRate(everySecond, 1, 1, TimeUnit.SECONDS);
        if (systemd.enabled()) {
            systemd.status(status.get());
            thread.scheduleAtFixedRate(() -> systemd.status(status.get()),
                    statusPeriod.toMillis(), statusPeriod.toMillis(), TimeUnit.MILLISECONDS);
            watchdog.ifPresent(interval -> {
                long every = Math.max(1, interval.toMillis() / 3);
                thread.scheduleAtFixedRate(() -> {
                    if (alive.getAsBoolean()) {
                        systemd.watchdog();
                    }
                }, 0, every, TimeUnit.MILLISECONDS);
            });
        }
        return new ServiceHeartbeat(thread);
    }

    /**
     * WatchdogSec= as systemd passes it: WATCHDOG_USEC, for this process when WATCHDOG_PID names it (or
     * is unset); empty when there is no watchdog.
     */
    static Optional<Duration> watchdogFromEnvironment(String usec, String pid, long ownPid) {
        if (usec == null || usec.isBlank() || (pid != null && !pid.isBlank() && !pid.strip().equals(Long.toString(ownPid)))) {
            return Optional.empty();
        }
        try {
            long micros = Long.parseLong(usec.strip());
            return micros > 0 ? Optional.of(Duration.ofNanos(micros * 1000)) : Optional.empty();
        } catch (NumberFormatException notANumber) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
