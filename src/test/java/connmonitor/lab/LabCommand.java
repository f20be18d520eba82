package connmonitor.lab;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The control language of bin/netlab, one command per line:
 * <pre>
 * set [all|A-B|A&gt;B] key=value ...   change emulated links (A-B: both directions, A&gt;B: from A only)
 *                                     keys: delay=MS jitter=MS loss=% duplicate=% reorder=% corrupt=%
 *                                     (a later selector switches the target: set r1-r2 delay=5 r3-server loss=1)
 * cut A-B | restore A-B               cut the emulated link A-B, or mend it
 * route NODE DEST VIA                 send NODE's traffic for DEST's subnets through neighbour VIA
 * down A-B | up A-B                   take the link A-B down at both ends (routes through it go), or up
 * isolate NODE | reconnect NODE       every link of NODE down (ECMP: flows converge on the other path), or up
 * silence NODE                        NODE stops sending ICMP time-exceeded
 * drop NODE PEER PERCENT              nftables drops PERCENT of what NODE sends to PEER (0 = off)
 * show                                print nodes, addresses and links
 * </pre>
 */
final class LabCommand {

    static final String HELP = """
            commands: set [all|A-B|A>B] key=value ... (delay=MS jitter=MS loss=% duplicate=% reorder=% corrupt=%)
                      cut A-B | restore A-B | route NODE DEST VIA | down A-B | up A-B | isolate NODE
                      reconnect NODE | silence NODE | drop NODE PEER PERCENT | show""";

    private LabCommand() {
    }

    /** Runs one command line against the lab; returns what to print. Bad input: IllegalArgumentException. */
    static String run(Lab lab, String line) {
        List<String> words = Arrays.stream(line.strip().split("\\s+")).filter(w -> !w.isEmpty()).toList();
        if (words.isEmpty()) {
            return "";
        }
        List<String> args = words.subList(1, words.size());
        switch (words.getFirst()) {
            case "set" -> {
                applySettings(lab, args);
                return lab.describe();
            }
            case "cut", "restore" -> {
                requireCount(words, 1);
                String[] ends = ends(args.getFirst(), "-");
                Emulator emulator = lab.emulator(ends[0], ends[1]);
                if (words.getFirst().equals("cut")) {
                    emulator.cut();
                } else {
                    emulator.restore();
                }
                return "link " + emulator + (emulator.isCut() ? " cut" : " restored");
            }
            case "route" -> {
                requireCount(words, 3);
                lab.route(args.get(0), args.get(1), args.get(2));
                return lab.exec(args.get(0), "ip", "route").stdout();
            }
            case "down", "up" -> {
                requireCount(words, 1);
                String[] ends = ends(args.getFirst(), "-");
                if (words.getFirst().equals("down")) {
                    lab.linkDown(ends[0], ends[1]);
                } else {
                    lab.linkUp(ends[0], ends[1]);
                }
                return "link " + ends[0] + "-" + ends[1] + " " + words.getFirst();
            }
            case "isolate", "reconnect" -> {
                requireCount(words, 1);
                if (words.getFirst().equals("isolate")) {
                    lab.isolate(args.getFirst());
                } else {
                    lab.reconnect(args.getFirst());
                }
                return args.getFirst() + (words.getFirst().equals("isolate") ? " isolated" : " reconnected");
            }
            case "silence" -> {
                requireCount(words, 1);
                lab.silenceTimeExceeded(args.getFirst());
                return args.getFirst() + " sends no time-exceeded any more";
            }
            case "drop" -> {
                requireCount(words, 3);
                lab.dropRandomly(args.get(0), args.get(1), parseInt(args.get(2)));
                return args.get(0) + " drops " + args.get(2) + "% of what it sends to " + args.get(1);
            }
            case "show" -> {
                return lab.describe();
            }
            case "help" -> {
                return HELP;
            }
            default -> throw new IllegalArgumentException("unknown command '" + words.getFirst() + "'; " + HELP);
        }
    }

    /**
     * Applies settings such as {@code all delay=5 r2-r3 delay=60 loss=1}: a selector (all, A-B, A>B)
     * chooses the directions the following key=value pairs change; the first selection is "all".
     */
    static void applySettings(Lab lab, List<String> tokens) {
        List<Direction> selected = all(lab);
        for (String token : tokens) {
            int eq = token.indexOf('=');
            if (eq < 0) {
                selected = select(lab, token);
                continue;
            }
            UnaryOperator<Impairment> change = change(token.substring(0, eq), token.substring(eq + 1));
            for (Direction direction : selected) {
                direction.set(change.apply(direction.impairment()));
            }
        }
    }

    private static List<Direction> all(Lab lab) {
        List<Direction> directions = new ArrayList<>();
        for (Map.Entry<Topology.Wire, Emulator> entry : lab.emulators().entrySet()) {
            directions.add(entry.getValue().direction(entry.getKey().a()));
            directions.add(entry.getValue().direction(entry.getKey().b()));
        }
        return directions;
    }

    private static List<Direction> select(Lab lab, String selector) {
        if (selector.equals("all")) {
            return all(lab);
        }
        if (selector.contains(">")) {
            String[] ends = ends(selector, ">");
            return List.of(lab.emulator(ends[0], ends[1]).direction(ends[0]));
        }
        String[] ends = ends(selector, "-");
        Emulator emulator = lab.emulator(ends[0], ends[1]);
        return List.of(emulator.direction(ends[0]), emulator.direction(ends[1]));
    }

    private static UnaryOperator<Impairment> change(String key, String value) {
        return switch (key) {
            case "delay" -> i -> i.delay(millis(key, value));
            case "jitter" -> i -> i.jitter(millis(key, value));
            case "loss" -> i -> i.loss(percent(key, value));
            case "duplicate", "dup" -> i -> i.duplicate(percent(key, value));
            case "reorder" -> i -> i.reorder(percent(key, value));
            case "corrupt" -> i -> i.corrupt(percent(key, value));
            default -> throw new IllegalArgumentException("unknown setting '" + key
                    + "' (delay, jitter, loss, duplicate, reorder, corrupt)");
        };
    }

    private static String[] ends(String selector, String separator) {
        String[] ends = selector.split(separator, -1);
        if (ends.length != 2 || ends[0].isEmpty() || ends[1].isEmpty()) {
            throw new IllegalArgumentException("expected a link as A" + separator + "B, got '" + selector + "'");
        }
        return ends;
    }

    private static Duration millis(String key, String value) {
        String number = value.endsWith("ms") ? value.substring(0, value.length() - 2) : value;
        return Duration.ofNanos(Math.round(parseDouble(key, number) * 1_000_000));
    }

    private static double percent(String key, String value) {
        return parseDouble(key, value.endsWith("%") ? value.substring(0, value.length() - 1) : value);
    }

    private static double parseDouble(String key, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, got '" + value + "'");
        }
    }

    private static int parseInt(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a whole number, got '" + value + "'");
        }
    }

    private static void requireCount(List<String> words, int count) {
        if (words.size() - 1 != count) {
            throw new IllegalArgumentException(words.getFirst() + " takes " + count + " argument(s); " + HELP);
        }
    }
}
