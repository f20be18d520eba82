package connmonitor.lab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The Java side of bin/netlab: brings a preset lab up and holds it (with its link emulators) until
 * the process gets SIGTERM or SIGINT, then tears it down. While it runs it obeys {@link LabCommand}
 * lines typed on stdin or written to the control FIFO {@code STATE_DIR/NAME.ctl}.
 * <pre>java connmonitor.lab.NetLab up PRESET NAME STATE_DIR [SETTING...]</pre>
 * It writes {@code NAME.pid} (this process) and then {@code NAME.nodes} ("node namespace ipv4 ipv6"
 * per line, written last: the lab is ready when it exists) into STATE_DIR, and removes them at exit.
 */
public final class NetLab {

    private NetLab() {
    }

    public static void main(String[] args) {
        if (args.length < 4 || !args[0].equals("up")) {
            System.err.println("usage: NetLab up PRESET NAME STATE_DIR [SETTING...]");
            System.exit(2);
        }
        try {
            run(Preset.named(args[1]), args[2], Path.of(args[3]), Arrays.asList(args).subList(4, args.length));
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            System.err.println("netlab: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void run(Preset preset, String name, Path stateDir, List<String> settings) {
        Lab lab = preset.builder().build();
        StateFiles files = new StateFiles(stateDir, name);
        Runtime.getRuntime().addShutdownHook(new Thread(files::remove, "netlab-state"));
        try {
            LabCommand.applySettings(lab, settings);
            files.write(lab);
        } catch (RuntimeException e) {
            lab.close();
            throw e;
        }
        System.out.println("lab " + name + " (" + preset.shape() + ") is up; Ctrl-C or bin/netlab down " + name
                + " ends it");
        System.out.print(lab.describe());
        System.out.println("run commands inside with: bin/netlab exec " + name + " NODE COMMAND...  "
                + "(= ip netns exec NAMESPACE COMMAND...)");
        System.out.println(LabCommand.HELP);
        System.out.flush();
        Thread.ofPlatform().daemon().name("netlab-stdin").start(() -> obey(lab, System.in));
        Thread.ofPlatform().daemon().name("netlab-ctl").start(() -> obeyFifo(lab, files.control()));
        try {
            new CountDownLatch(1).await(); // until SIGTERM/SIGINT: the shutdown hooks tear the lab down
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void obey(Lab lab, java.io.InputStream input) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                System.out.println(answer(lab, line));
            }
        } catch (IOException e) {
            System.err.println("netlab: stdin: " + e.getMessage());
        }
    }

    /** Control lines are "REPLY_FIFO<TAB>COMMAND" (bin/netlab ctl) or a bare command (answer on stdout). */
    private static void obeyFifo(Lab lab, Path fifo) {
        while (true) {
            try (BufferedReader reader = Files.newBufferedReader(fifo)) { // blocks until a writer opens it
                String line;
                while ((line = reader.readLine()) != null) {
                    int tab = line.indexOf('\t');
                    if (tab < 0) {
                        System.out.println(answer(lab, line));
                        continue;
                    }
                    String reply = answer(lab, line.substring(tab + 1));
                    System.out.println("> " + line.substring(tab + 1) + "\n" + reply);
                    try (Writer out = Files.newBufferedWriter(Path.of(line.substring(0, tab)))) {
                        out.write(reply.endsWith("\n") ? reply : reply + "\n");
                    }
                }
            } catch (IOException e) {
                System.err.println("netlab: control fifo: " + e.getMessage());
                return;
            }
        }
    }

    private static String answer(Lab lab, String line) {
        try {
            return LabCommand.run(lab, line);
        } catch (IllegalArgumentException | IllegalStateException e) {
            return "error: " + e.getMessage();
        }
    }

    /** NAME.pid, NAME.nodes and the control FIFO NAME.ctl in the state directory. */
    private record StateFiles(Path dir, String name) {

        Path control() {
            return dir.resolve(name + ".ctl");
        }

        void write(Lab lab) {
            try {
                Files.createDirectories(dir);
                Path pid = dir.resolve(name + ".pid");
                Files.writeString(pid, ProcessHandle.current().pid() + "\n");
                Files.deleteIfExists(control());
                Shell.run(List.of("mkfifo", "-m", "600", control().toString())).orThrow();
                StringBuilder nodes = new StringBuilder();
                for (String node : lab.nodes()) {
                    nodes.append(node).append(' ').append(lab.namespace(node)).append(' ')
                            .append(lab.ipv4(node).getHostAddress()).append(' ')
                            .append(lab.ipv6(node).getHostAddress()).append('\n');
                }
                Path tmp = dir.resolve(name + ".nodes.tmp");
                Files.writeString(tmp, nodes);
                Files.move(tmp, dir.resolve(name + ".nodes"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write state files in " + dir + ": " + e.getMessage(), e);
            }
        }

        void remove() {
            for (String suffix : List.of(".nodes", ".pid", ".ctl")) {
                try {
                    Files.deleteIfExists(dir.resolve(name + suffix));
                } catch (IOException e) {
                    System.err.println("netlab: cannot remove " + dir.resolve(name + suffix) + ": " + e.getMessage());
                }
            }
        }
    }
}
