package connmonitor.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Debian's {@code traceroute -n} printed, read back: one {@link Hop} per TTL. Addresses are
 * written as {@link java.net.InetAddress#getHostAddress()} writes them ({@code fd00:0:0:2:0:0:0:2}),
 * so they compare equal to {@code lab.ipv6(...).getHostAddress()}.
 */
public record TracerouteOutput(List<Hop> hops) {

    private static final Pattern HOP = Pattern.compile("^\\s*(\\d+)\\s+(.*)$");
    private static final Pattern ADDRESS = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+|[0-9a-fA-F:]*:[0-9a-fA-F:.]*");
    private static final Pattern TIME = Pattern.compile("\\d+\\.\\d+");

    /**
     * @param ttl       the hop number
     * @param addresses who answered, in order of first answer (empty: every probe was {@code *})
     * @param times     every answer's time in ms
     */
    public record Hop(int ttl, List<String> addresses, List<Double> times) {
        public Hop {
            addresses = List.copyOf(addresses);
            times = List.copyOf(times);
        }

        public boolean silent() {
            return addresses.isEmpty();
        }
    }

    public TracerouteOutput {
        hops = List.copyOf(hops);
    }

    public static TracerouteOutput parse(String stdout) {
        List<Hop> hops = new ArrayList<>();
        for (String line : stdout.lines().toList()) {
            Matcher hop = HOP.matcher(line);
            if (!hop.matches()) {
                continue; // the "traceroute to ..." header
            }
            List<String> addresses = new ArrayList<>();
            List<Double> times = new ArrayList<>();
            // "ADDR t1 ms t2 ms ADDR2 t3 ms": a time belongs to the address before it; "*" is a lost probe
            for (String token : hop.group(2).trim().split("\\s+")) {
                if (ADDRESS.matcher(token).matches()) {
                    String address = Topology.literal(token).getHostAddress(); // as InetAddress prints it
                    if (!addresses.contains(address)) {
                        addresses.add(address);
                    }
                } else if (TIME.matcher(token).matches()) {
                    times.add(Double.parseDouble(token));
                }
            }
            hops.add(new Hop(Integer.parseInt(hop.group(1)), addresses, times));
        }
        return new TracerouteOutput(hops);
    }

    /** The answering address of every hop in order, "*" for a silent hop. */
    public List<String> route() {
        return hops.stream().map(h -> h.silent() ? "*" : h.addresses().getFirst()).toList();
    }
}
