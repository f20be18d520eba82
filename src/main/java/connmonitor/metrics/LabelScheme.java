package connmonitor.metrics;

import connmonitor.config.Protocol;
import connmonitor.config.Target;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The labels that name a host's series: {@code host} as the config wrote it, {@code addr} as it resolved,
 * every label name the config's hosts use ({@code label.NAME=}, sorted; a host without one of them has it
 * empty, which Prometheus reads as absent), {@code vantage} when the monitor has a name, and {@code proto}
 * (icmp, udp or tcp) when some host's line has proto=udp|tcp, so the same host pinged both ways has two
 * sets of series. A config without labels and proto= and a monitor without --vantage get exactly host and
 * addr, as before.
 *
 * @param hostLabelNames the config's own label names, sorted
 * @param vantage        this monitor's name (--vantage), a label of every connmonitor series
 * @param proto          whether series carry the line's proto=
 */
record LabelScheme(List<String> hostLabelNames, Optional<String> vantage, boolean proto) {

    static final LabelScheme PLAIN = new LabelScheme(List.of(), Optional.empty());

    LabelScheme {
        hostLabelNames = List.copyOf(hostLabelNames);
    }

    LabelScheme(List<String> hostLabelNames, Optional<String> vantage) {
        this(hostLabelNames, vantage, false);
    }

    static LabelScheme of(Collection<Target> targets, Optional<String> vantage) {
        TreeSet<String> names = new TreeSet<>();
        boolean proto = false;
        for (Target target : targets) {
            names.addAll(target.fleet().labels().keySet());
            proto |= target.fleet().proto() != Protocol.ICMP;
        }
        return new LabelScheme(List.copyOf(names), vantage, proto);
    }

    /** How many leading label values identify a host (host, addr, its labels, vantage, proto). */
    int hostSize() {
        return 2 + hostLabelNames.size() + (vantage.isPresent() ? 1 : 0) + (proto ? 1 : 0);
    }

    /** The label names of a per-host metric, with these extra labels after the host's. */
    String[] names(String... more) {
        List<String> names = new ArrayList<>(hostSize() + more.length);
        names.add("host");
        names.add("addr");
        names.addAll(hostLabelNames);
        vantage.ifPresent(name -> names.add("vantage"));
        if (proto) {
            names.add("proto");
        }
        names.addAll(List.of(more));
        return names.toArray(String[]::new);
    }

    /** The label values that name this target's series. */
    HostLabels of(Target target) {
        List<String> values = new ArrayList<>(hostSize());
        values.add(target.name());
        values.add(target.addressText());
        for (String name : hostLabelNames) {
            values.add(target.fleet().labels().getOrDefault(name, ""));
        }
        vantage.ifPresent(values::add);
        if (proto) {
            values.add(target.fleet().proto().configName());
        }
        return new HostLabels(values);
    }

    /** The label names of a metric about the whole monitor (not one host): only vantage, when named. */
    String[] monitorNames() {
        return vantage.isPresent() ? new String[] {"vantage"} : new String[0];
    }

    String[] monitorValues() {
        return vantage.map(name -> new String[] {name}).orElseGet(() -> new String[0]);
    }
}
