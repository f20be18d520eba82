package connmonitor.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The fixed parts of the page, from the jar: the template, the page's own scripts (the path-set view in a file
 * of its own) and style, the helpers it
 * shares with the live view ({@code connmonitor/page/common.js}), and uPlot.
 * uPlot (the WebJar pinned in pom.xml) is put into the jar by the build, so a report is one file
 * that needs no network to be viewed, and generating one needs no network either.
 */
record PageAssets(String template, String uplotJs, String uplotCss, String uplotLicense, String commonJs,
                  String pathSetsJs, String reportJs, String reportCss) {

    private static final String BASE = "/connmonitor/report/";
    /** The helpers the report's script shares with the live view's. */
    static final String COMMON = "/connmonitor/page/common.js";

    static PageAssets fromClasspath() {
        return new PageAssets(read("page.html"), read("uplot/dist/uPlot.iife.min.js"), read("uplot/dist/uPlot.min.css"),
                read("uplot/LICENSE").replace("--", "- -"), read(COMMON), read("pathsets.js"), read("report.js"), read("report.css"));
    }

    private static String read(String name) {
        String resource = name.startsWith("/") ? name : BASE + name;
        try (InputStream in = PageAssets.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks " + resource + " (not built by Maven?)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException broken) {
            throw new UncheckedIOException(broken);
        }
    }
}
