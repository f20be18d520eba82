package connmonitor.output;

/** The version of this build, from the jar manifest that Maven writes; "development" outside a jar. */
public final class Version {

    private Version() {
    }

    /** The version number alone, e.g. {@code 5.0.0}. */
    public static String number() {
        String version = Version.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }

    /** What {@code connmonitor -v} prints. */
    public static String text() {
        return "connmonitor Version " + number();
    }
}
