package connmonitor.lab;

import java.util.Map;

/** The human-readable summary of a lab: who is where, with which addresses, over which links. */
final class LabDescription {

    private LabDescription() {
    }

    static String of(Lab lab) {
        Topology topology = lab.topology();
        StringBuilder text = new StringBuilder();
        text.append("%-8s %-7s %-22s %-16s %s%n".formatted("node", "kind", "namespace", "ipv4", "ipv6"));
        for (Topology.Node node : topology.nodes().values()) {
            text.append("%-8s %-7s %-22s %-16s %s%n".formatted(node.name(), node.router() ? "router" : "host",
                    lab.namespace(node.name()), lab.ipv4(node.name()).getHostAddress(),
                    lab.ipv6(node.name()).getHostAddress()));
        }
        text.append("links:\n");
        Map<Topology.Wire, Emulator> emulators = lab.emulators();
        for (Topology.Wire wire : topology.wires()) {
            Emulator emulator = emulators.get(wire);
            text.append("  %s(%s) - %s(%s)  %s%n".formatted(wire.a(), wire.ipv4(wire.a()), wire.b(), wire.ipv4(wire.b()),
                    emulator == null ? "veth" : "emulated " + wire.a() + "->" + wire.b() + ": "
                            + emulator.direction(wire.a()).impairment() + "; " + wire.b() + "->" + wire.a() + ": "
                            + emulator.direction(wire.b()).impairment()
                            + (emulator.isCut() ? " [CUT]" : "")));
        }
        return text.toString();
    }
}
