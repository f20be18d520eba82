package connmonitor.service;

import connmonitor.support.Commands;
import connmonitor.support.Connmonitor;
import connmonitor.support.DebPackage;
import connmonitor.support.PackageRoot;
import connmonitor.support.ServiceUnit;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The .deb of packaging/build-deb.sh installed into a fresh root with dpkg: its files, permissions,
 * maintainer scripts, unit (systemd-analyze verify and security) and man page.
 */
class PackageIT {

    private static final String UNIT = "/lib/systemd/system/connmonitor.service";

    private static Path deb;
    private static PackageRoot root;

    @BeforeAll
    static void install() throws Exception {
        deb = DebPackage.deb();
        root = PackageRoot.install(deb);
    }

    @AfterAll
    static void remove() throws Exception {
        if (root != null) {
            root.close();
        }
    }

    @Test
    void installsTheCommandItsRuntimeTheUnitAndTheManPage() throws Exception {
        for (String file : List.of("/usr/bin/connmonitor", "/usr/lib/connmonitor/connmonitor.jar",
                "/usr/lib/connmonitor/connmonitor.args", "/usr/share/doc/connmonitor/copyright",
                "/usr/lib/connmonitor/runtime/bin/java", UNIT, "/usr/lib/tmpfiles.d/connmonitor.conf",
                "/usr/share/man/man1/connmonitor.1.gz", "/etc/logrotate.d/connmonitor", "/etc/default/connmonitor")) {
            assertThat(root.path(file)).as(file).isRegularFile();
        }
        assertThat(Files.getPosixFilePermissions(root.path("/usr/bin/connmonitor")))
                .isEqualTo(PosixFilePermissions.fromString("rwxr-xr-x"));
        String control = Commands.run(List.of("dpkg-deb", "--field", deb.toString(), "Package", "Version",
                "Architecture", "Depends")).ok().out();
        assertThat(control).contains("Package: connmonitor", "Version: 5.0.0", "Architecture: amd64")
                .containsPattern("Depends: libc6 \\(>= 2\\.\\d+\\)");
    }

    @Test
    void nothingIsWorldWritableOrSetuidAndRootOwnsEverything() throws Exception {
        // In the archive: "-rwxr-xr-x root/root 645 2026-11-25 13:52 ./usr/bin/connmonitor"
        List<String[]> entries = Commands.run(List.of("dpkg-deb", "--contents", deb.toString())).ok().out()
                .lines().map(line -> line.split("\\s+")).toList();
        assertThat(entries).hasSizeGreaterThan(50).allSatisfy(entry -> {
            assertThat(entry[1]).as(entry[5]).isEqualTo("root/root");
            if (!entry[0].startsWith("l")) {
                assertThat(entry[0].charAt(8)).as(entry[5] + " " + entry[0]).isEqualTo('-');
                assertThat(entry[0]).as(entry[5]).doesNotContain("s", "S", "t", "T");
            }
        });
        // On disk, including what the maintainer scripts made (logs, config, systemd state).
        try (Stream<Path> files = Files.walk(root.dir())) {
            for (Path file : files.toList()) {
                PosixFileAttributes attributes = Files.readAttributes(file, PosixFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
                if (!attributes.isSymbolicLink()) {
                    assertThat(attributes.permissions()).as(file.toString())
                            .doesNotContain(PosixFilePermission.OTHERS_WRITE);
                }
            }
        }
    }

    @Test
    void theRuntimeHoldsOnlyTheModulesTheJarUsesAndNeedsNoSystemJava() throws Exception {
        Path jdeps = Path.of(System.getProperty("java.home"), "bin", "jdeps");
        Set<String> needed = Set.of(Commands.run(List.of(jdeps.toString(), "--print-module-deps",
                "--ignore-missing-deps", "--multi-release", "25", DebPackage.jar().toString())).ok().out().strip()
                .split(","));
        Set<String> bundled = Commands.run(List.of(root.path("/usr/lib/connmonitor/runtime/bin/java").toString(),
                "--list-modules")).ok().out().lines().map(line -> line.replaceFirst("@.*", ""))
                .collect(Collectors.toCollection(TreeSet::new));
        // jlink adds what those modules require in turn (jdk.management needs java.management)
        Set<String> closure = java.lang.module.Configuration.empty()
                .resolve(java.lang.module.ModuleFinder.ofSystem(), java.lang.module.ModuleFinder.of(), needed)
                .modules().stream().map(java.lang.module.ResolvedModule::name).collect(Collectors.toSet());
        assertThat(bundled).containsExactlyInAnyOrderElementsOf(closure).contains("java.base");
        long bytes;
        try (Stream<Path> files = Files.walk(root.path("/usr/lib/connmonitor/runtime"))) {
            bytes = files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        }
        System.out.printf("bundled runtime: %s, %.1f MB installed%n", bundled, bytes / 1e6);
        assertThat(bytes).isLessThan(60_000_000L);

        // No JAVA_HOME, and the java on PATH is this machine's JDK 17, which cannot run the jar (class
        // files of 25): only the runtime next to the launcher can answer.
        Map<String, String> bare = new HashMap<>(Map.of("PATH", "/usr/bin:/bin"));
        bare.put("JAVA_HOME", null);
        assertThat(Commands.run(List.of(root.path("/usr/bin/connmonitor").toString(), "--version"), bare).ok().out())
                .isEqualTo("connmonitor Version 5.0.0\n");
        assertThat(Commands.run(List.of(root.path("/usr/bin/connmonitor").toString(), "--check",
                root.path("/run/connmonitor.conf").toString()), bare).ok().out()).endsWith(": OK, 1 host to monitor\n");
    }

    @Test
    void bothLaunchersAndTheTestsTakeTheJvmOptionsFromTheOneFile() throws Exception {
        Path source = DebPackage.projectDir().resolve("src/main/jvm/connmonitor.args");
        assertThat(root.path("/usr/lib/connmonitor/connmonitor.args")).hasSameBinaryContentAs(source);
        assertThat(jvmOptions(root.path("/usr/bin/connmonitor")))
                .containsExactly("\"@$lib/connmonitor.args\"", "${aot:+\"-XX:AOTCache=$aot\"}",
                        "${CONNMONITOR_JAVA_OPTS:-}");
        assertThat(jvmOptions(DebPackage.projectDir().resolve("bin/connmonitor")))
                .containsExactly("\"@$here/src/main/jvm/connmonitor.args\"", "${aot:+\"-XX:AOTCache=$aot\"}",
                        "${CONNMONITOR_JAVA_OPTS:-}");
        assertThat(Connmonitor.command()).contains("@" + source.toAbsolutePath());
        assertThat(Files.readString(DebPackage.projectDir().resolve("bin/netlab")))
                .contains("\"$JAVA_HOME/bin/java\" \"@$here/src/main/jvm/connmonitor.args\"");
        // and the installed JVM really runs with them (the flags print before the version)
        String flags = Commands.run(List.of(root.path("/usr/bin/connmonitor").toString(), "--version"),
                Map.of("CONNMONITOR_JAVA_OPTS", "-XX:+PrintCommandLineFlags")).ok().out();
        assertThat(flags).contains("-XX:CompileCommand=dontinline,connmonitor.icmp.Libc::*", "-XX:+UseSerialGC",
                "-XX:MaxHeapSize=268435456", "-XX:CICompilerCount=2").endsWith("connmonitor Version 5.0.0\n");
    }

    /** The words between {@code exec ".../bin/java"} and {@code -jar}. */
    @Test
    void theAotCacheMadeAtBuildTimeIsUsedWhereThePackageIsInstalledAndOneThatDoesNotFitIsSkippedSilently()
            throws Exception {
        assertThat(root.path("/usr/lib/connmonitor/connmonitor.aot")).isRegularFile();
        // made under the build's staging tree, used under another root: the JVM matches the layout
        String loads = Commands.run(List.of(root.path("/usr/bin/connmonitor").toString(), "--version"),
                Map.of("CONNMONITOR_JAVA_OPTS", "-Xlog:class+load=info")).ok().out();
        assertThat(loads).contains("connmonitor.cli.Main source: shared objects file");
        // a file that is no cache of this JVM: the JVM would complain on stdout; the args file keeps it quiet
        Path java = root.path("/usr/lib/connmonitor/runtime/bin/java");
        Path jar = root.path("/usr/lib/connmonitor/connmonitor.jar");
        Commands.Outcome run = Commands.run(List.of(java.toString(), "@" + root.path("/usr/lib/connmonitor/connmonitor.args"),
                "-XX:AOTCache=" + jar, "-jar", jar.toString(), "--version")).ok();
        assertThat(run.out()).isEqualTo("connmonitor Version 5.0.0\n");
        assertThat(run.err()).isEmpty();
    }

    private static List<String> jvmOptions(Path script) throws Exception {
        Matcher exec = Pattern.compile("exec \"[^\"]*/bin/java\"(.*?)\\s-jar\\s", Pattern.DOTALL)
                .matcher(Files.readString(script));
        assertThat(exec.find()).as("exec line of " + script).isTrue();
        return Arrays.stream(exec.group(1).strip().split("\\s+")).toList();
    }

    @Test
    void theCopyrightFileNamesTheLicenceAndTheBundledLibraries() throws Exception {
        Path copyright = root.path("/usr/share/doc/connmonitor/copyright");
        assertThat(Files.getPosixFilePermissions(copyright)).isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
        String text = Files.readString(copyright);
        assertThat(text).startsWith("Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n")
                .contains("License: Apache-2.0", "/usr/share/common-licenses/Apache-2.0",
                        "Files: usr/lib/connmonitor/runtime/*", "License: GPL-2 with Classpath exception",
                        "Jackson", "Prometheus", "uPlot", "License: MIT");
        assertThat(root.path("/usr/lib/connmonitor/runtime/legal/java.base/LICENSE")).as("the runtime's notices")
                .content().contains("CLASSPATH\" EXCEPTION");
        // the MIT text in full, as uPlot ships it inside the jar (copyright format: indented, "." for empty lines)
        String uplotLicense;
        try (JarFile jar = new JarFile(DebPackage.jar().toFile())) {
            uplotLicense = new String(jar.getInputStream(jar.getEntry("connmonitor/report/uplot/LICENSE")).readAllBytes(),
                    StandardCharsets.UTF_8);
        }
        String mitBody = uplotLicense.substring(uplotLicense.indexOf("Copyright")).replaceAll("\\s+", " ").strip();
        assertThat(text.replaceAll("(?m)^ \\.$", "").replaceAll("\\s+", " ")).contains(mitBody);
        assertThat(Commands.run(List.of("dpkg-deb", "--contents", deb.toString())).ok().out())
                .contains("./usr/share/doc/connmonitor/copyright");
    }

    @Test
    void postinstEnablesTheUnitCreatesTheConfigAndLogsAndPurgeRemovesThem() throws Exception {
        try (PackageRoot scratch = PackageRoot.install(deb)) {
            Path wants = scratch.path("/etc/systemd/system/multi-user.target.wants/connmonitor.service");
            assertThat(Files.readSymbolicLink(wants)).isEqualTo(Path.of(UNIT));
            assertThat(Files.readString(scratch.path("/run/connmonitor.conf")))
                    .isEqualTo("localhost trace=5000 scan=5000 json=True\n");
            for (String log : List.of("/var/log/connmonitor.log", "/var/log/connmonitor.err")) {
                PosixFileAttributes attributes = Files.readAttributes(scratch.path(log), PosixFileAttributes.class);
                assertThat(attributes.owner().getName()).isEqualTo("root");
                assertThat(attributes.group().getName()).isEqualTo("adm");
                assertThat(attributes.permissions()).isEqualTo(PosixFilePermissions.fromString("rw-r-----"));
            }
            Files.writeString(scratch.path("/var/log/connmonitor.log"), "{\"a record\":1}\n");

            scratch.dpkg("--remove", "connmonitor").ok();
            assertThat(scratch.path("/usr/bin/connmonitor")).doesNotExist();
            assertThat(scratch.path(UNIT)).doesNotExist();
            assertThat(scratch.path("/etc/logrotate.d/connmonitor")).exists(); // a conffile stays until purge
            assertThat(scratch.path("/etc/default/connmonitor")).exists();
            assertThat(scratch.path("/var/log/connmonitor.log")).hasContent("{\"a record\":1}");

            scratch.dpkg("--purge", "connmonitor").ok();
            for (String gone : List.of("/etc/logrotate.d/connmonitor", "/etc/default/connmonitor", "/var/log/connmonitor.log",
                    "/var/log/connmonitor.err", "/run/connmonitor.conf")) {
                assertThat(scratch.path(gone)).as(gone).doesNotExist();
            }
            assertThat(Files.exists(wants, LinkOption.NOFOLLOW_LINKS)).isFalse();
            assertThat(scratch.dpkg("--status", "connmonitor").out()).doesNotContain("Status: install ok installed");
        }
    }

    @Test
    void theUnitRunsTheCommandOnTheServiceConfigWithOnlyRawSocketsAndHardening() throws Exception {
        ServiceUnit unit = ServiceUnit.read(root.path(UNIT));
        assertThat(unit.value("Service", "ExecStart"))
                .isEqualTo("/usr/bin/connmonitor $CONNMONITOR_OPTS /var/run/connmonitor.conf");
        assertThat(unit.value("Service", "EnvironmentFile")).isEqualTo("-/etc/default/connmonitor");
        // The config is checked first (its errors to the journal); only a config that passes gets the SIGHUP.
        assertThat(unit.values("Service", "ExecReload")).containsExactly(
                "/usr/bin/systemd-cat --identifier=connmonitor --stderr-priority=err"
                        + " /usr/bin/connmonitor --check /var/run/connmonitor.conf",
                "/bin/kill -HUP $MAINPID");
        assertThat(ServiceUnit.environmentFile(root.path("/etc/default/connmonitor")))
                .containsEntry("CONNMONITOR_OPTS", "").containsEntry("CONNMONITOR_JAVA_OPTS", "");
        String conffiles = Commands.run(List.of("dpkg-deb", "--info", deb.toString(), "conffiles")).ok().out();
        assertThat(conffiles.lines()).contains("/etc/default/connmonitor", "/etc/logrotate.d/connmonitor");
        assertThat(unit.value("Service", "StandardOutput")).isEqualTo("append:/var/log/connmonitor.log");
        assertThat(unit.value("Service", "StandardError")).isEqualTo("append:/var/log/connmonitor.err");
        Map<String, String> expected = Map.ofEntries(Map.entry("Type", "notify"), Map.entry("NotifyAccess", "main"),
                Map.entry("WatchdogSec", "30s"),
                Map.entry("Restart", "on-failure"),
                Map.entry("KillSignal", "SIGTERM"), Map.entry("DynamicUser", "yes"),
                Map.entry("AmbientCapabilities", "CAP_NET_RAW"), Map.entry("CapabilityBoundingSet", "CAP_NET_RAW"),
                Map.entry("NoNewPrivileges", "yes"), Map.entry("ProtectSystem", "strict"),
                Map.entry("ProtectHome", "yes"), Map.entry("PrivateTmp", "yes"), Map.entry("PrivateDevices", "yes"),
                Map.entry("RestrictAddressFamilies", "AF_INET AF_INET6 AF_UNIX"),
                Map.entry("SystemCallArchitectures", "native"));
        expected.forEach((key, value) -> assertThat(unit.value("Service", key)).as(key).isEqualTo(value));
        assertThat(unit.values("Service", "SystemCallFilter")).contains("@system-service");
        // The JIT writes and then runs code: W^X would kill the JVM at start.
        assertThat(unit.values("Service", "MemoryDenyWriteExecute")).isEmpty();
        assertThat(unit.value("Install", "WantedBy")).isEqualTo("multi-user.target");
    }

    /**
     * systemd-analyze verify checks the unit against a system with the package installed: the host's
     * units and binaries with the package's laid over them, in a private mount namespace (read-only
     * overlays, gone with the namespace). MANPATH makes it find connmonitor(1) for Documentation=.
     */
    @Test
    void systemdAnalyzeVerifyFindsNothingToSay() throws Exception {
        String script = """
                mount -t overlay overlay -o "lowerdir=$1/usr/bin:/usr/bin" /usr/bin
                mount -t overlay overlay -o "lowerdir=$1/lib/systemd/system:/lib/systemd/system" /lib/systemd/system
                MANPATH="$1/usr/share/man" exec systemd-analyze verify connmonitor.service
                """;
        Commands.Outcome verify = Commands.run(List.of("unshare", "--mount", "--propagation", "private",
                "sh", "-ec", script, "verify", root.dir().toString())).ok();
        assertThat(verify.err()).isEmpty();
        assertThat(verify.out()).isEmpty();
    }

    @Test
    void securityExposureIsOk() throws Exception {
        String report = Commands.run(List.of("systemd-analyze", "security", "--offline=true", "--root=" + root.dir(),
                "--no-pager", "connmonitor.service")).ok().out();
        Matcher overall = Pattern.compile("Overall exposure level for connmonitor\\.service: (\\d+\\.\\d) (\\w+)")
                .matcher(report);
        assertThat(overall.find()).as(report).isTrue();
        System.out.println("systemd-analyze security (offline): " + overall.group(1) + " " + overall.group(2));
        assertThat(Double.parseDouble(overall.group(1))).isLessThanOrEqualTo(2.0);
        assertThat(overall.group(2)).isEqualTo("OK");
    }

    @Test
    void theManPageRendersWithoutWarningsAndDescribesConfigOutputAndService() throws Exception {
        Path page = root.path("/usr/share/man/man1/connmonitor.1.gz");
        Commands.Outcome man = Commands.run(List.of("man", "-l", page.toString()),
                Map.of("MANWIDTH", "100", "MANPAGER", "cat", "PAGER", "cat")).ok();
        assertThat(man.err()).isEmpty();
        String text = man.out().replaceAll(".\b", ""); // no bold/underline overstrikes
        assertThat(Arrays.stream(new String[] {"NAME", "SYNOPSIS", "CONFIGURATION", "MEASUREMENTS", "OUTPUT",
                "SIGNALS", "EXIT STATUS", "PRIVILEGES", "SERVICE", "FILES"}))
                .allSatisfy(section -> assertThat(text).containsPattern("(?m)^" + section + "$"));
        assertThat(text).contains("connmonitor 5.0.0", "localhost trace=5000 scan=5000 json=True",
                "/var/log/connmonitor.log", "numpings=n", "\"ping\":{\"min\"", "systemctl reload connmonitor");
        assertThat(text).doesNotContain("@VERSION@", "@DATE@");

        Commands.Outcome groff = Commands.run(List.of("sh", "-c",
                "zcat \"$1\" | groff -man -ww -z -Tutf8", "groff", page.toString())).ok();
        assertThat(groff.err()).isEmpty();
        assertThat(Commands.run(List.of("lexgrog", page.toString())).ok().out())
                .contains("connmonitor - monitor network vitals");
    }
}
