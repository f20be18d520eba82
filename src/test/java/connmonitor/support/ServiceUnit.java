package connmonitor.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A systemd unit file read as systemd reads its simple cases (one {@code Key=value} per line, repeated
 * keys add up), and what it asks for turned into command lines a test can run without systemd.
 */
public final class ServiceUnit {

    /** systemd's range for DynamicUser= uids. */
    private static final int DYNAMIC_UID_MIN = 61184;
    private static final int DYNAMIC_UID_MAX = 65519;

    private final Map<String, List<String>> entries;

    private ServiceUnit(Map<String, List<String>> entries) {
        this.entries = entries;
    }

    public static ServiceUnit read(Path file) throws IOException {
        Map<String, List<String>> entries = new LinkedHashMap<>();
        String section = "";
        for (String raw : Files.readAllLines(file)) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[")) {
                section = line.substring(1, line.indexOf(']'));
                continue;
            }
            int equals = line.indexOf('=');
            if (equals < 0) {
                throw new IOException(file + ": not Key=value: " + raw);
            }
            entries.computeIfAbsent(section + "." + line.substring(0, equals).strip(), key -> new ArrayList<>())
                    .add(line.substring(equals + 1).strip());
        }
        return new ServiceUnit(entries);
    }

    /** Every value of a key, e.g. {@code values("Service", "SystemCallFilter")}. */
    public List<String> values(String section, String key) {
        return List.copyOf(entries.getOrDefault(section + "." + key, List.of()));
    }

    /** The value that counts (the last), or "" when the key is absent. */
    public String value(String section, String key) {
        List<String> values = values(section, key);
        return values.isEmpty() ? "" : values.getLast();
    }

    /** An Exec*= line as argv, without systemd's prefixes ({@code + - @ ! :}); true when it had {@code +}. */
    public record ExecLine(List<String> argv, boolean fullPrivileges) {
    }

    public ExecLine exec(String key) {
        return execLine(value("Service", key));
    }

    /** Every Exec*= line of a key, in the order systemd runs them (e.g. both ExecReload= lines). */
    public List<ExecLine> execs(String key) {
        return values("Service", key).stream().map(ServiceUnit::execLine).toList();
    }

    /**
     * An argv with {@code $NAME} words expanded as systemd expands them from the environment (files):
     * split at white space, and a word whose variable is empty or unset is dropped.
     */
    public static List<String> expand(List<String> argv, Map<String, String> environment) {
        List<String> expanded = new ArrayList<>();
        for (String argument : argv) {
            if (argument.startsWith("$") && !argument.startsWith("${") && !argument.equals("$MAINPID")) {
                String value = environment.getOrDefault(argument.substring(1), "").strip();
                if (!value.isEmpty()) {
                    expanded.addAll(List.of(value.split("\\s+")));
                }
            } else {
                expanded.add(argument);
            }
        }
        return expanded;
    }

    /** NAME="value" lines of an EnvironmentFile= (comments and blank lines skipped, quotes removed). */
    public static Map<String, String> environmentFile(Path file) throws IOException {
        Map<String, String> environment = new LinkedHashMap<>();
        for (String raw : Files.readAllLines(file)) {
            String line = raw.strip();
            int equals = line.indexOf('=');
            if (line.isEmpty() || line.startsWith("#") || equals < 0) {
                continue;
            }
            String value = line.substring(equals + 1).strip();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            environment.put(line.substring(0, equals).strip(), value);
        }
        return environment;
    }

    private static ExecLine execLine(String value) {
        String line = value;
        boolean full = false;
        while (!line.isEmpty() && "+-@!:".indexOf(line.charAt(0)) >= 0) {
            full |= line.charAt(0) == '+';
            line = line.substring(1);
        }
        if (line.contains("\"") || line.contains("'")) {
            throw new IllegalStateException("quoted arguments are not handled: " + line);
        }
        return new ExecLine(List.of(line.split("\\s+")), full);
    }

    /** A uid as DynamicUser= would pick: in systemd's range and unknown to /etc/passwd. */
    public static int dynamicUid() throws IOException {
        String passwd = Files.readString(Path.of("/etc/passwd"));
        while (true) {
            int uid = ThreadLocalRandom.current().nextInt(DYNAMIC_UID_MIN, DYNAMIC_UID_MAX + 1);
            if (!passwd.contains(":" + uid + ":")) {
                return uid;
            }
        }
    }

    /**
     * setpriv(1) giving a command the user and privileges the unit gives its service: the uid, no
     * supplementary groups, the ambient and bounding capability sets, no_new_privs.
     */
    public List<String> setpriv(int uid) {
        List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups",
                "--inh-caps=" + capabilities("AmbientCapabilities"),
                "--ambient-caps=" + capabilities("AmbientCapabilities"),
                "--bounding-set=" + capabilities("CapabilityBoundingSet")));
        if (value("Service", "NoNewPrivileges").equals("yes")) {
            command.add("--no-new-privs");
        }
        command.add("--");
        return command;
    }

    /** A capability key as setpriv's list: all dropped, then the unit's ones added. */
    private String capabilities(String key) {
        StringBuilder list = new StringBuilder("-all");
        for (String value : values("Service", key)) {
            Arrays.stream(value.split("\\s+")).filter(name -> !name.isEmpty()).forEach(name ->
                    list.append(",+").append(name.toLowerCase(Locale.ROOT).replaceFirst("^cap_", "")));
        }
        return list.toString();
    }
}
