package connmonitor.icmp;

/**
 * What the probes and the daemon need of the ICMP engine: hand it requests, ask what its sockets
 * allow, and watch it for signs of life and a send backlog. One {@link IcmpEngine}, or several
 * behind {@link EngineShards} when one thread cannot move all the echoes a config asks for.
 */
public interface ProbeEngine extends AutoCloseable {

    /** Hands a request to an engine thread; safe from any thread and never blocks. */
    void submit(ProbeRequest request);

    /** What kind of socket the engine has for a family (every shard opens the same kind). */
    SocketMode mode(boolean ipv6);

    /** Why a family has no socket, or null when it has one. */
    String unavailableReason(boolean ipv6);

    /** Why probes of this transport cannot go to a family, or null when they can (ICMP: as above). */
    String unavailableReason(boolean ipv6, Transport transport);

    /** A count that grows while every engine thread goes round: stuck when it stops growing after a nudge. */
    long turns();

    /** Makes every engine thread go round once more even when it has nothing to do (for {@link #turns}). */
    void nudge();

    /** How long the oldest request still waiting to be sent has waited (0 when none waits). */
    long backlogNanos(long nanoTimeNow);

    /** Requests (bursts, traces) waiting to be sent, each one host's. */
    int backlogRequests();

    /** Requests so far whose first packet left more than 100 ms after they were submitted. */
    long lateSends();

    @Override
    void close();
}
