package connmonitor.cli;

/** The version printed by {@code -v}; it comes from the jar manifest that Maven writes. */
final class Version {

    private Version() {
    }

    static String text() {
        String version = Version.class.getPackage().getImplementationVersion();
        return "connmonitor Version " + (version == null ? "development" : version);
    }
}
