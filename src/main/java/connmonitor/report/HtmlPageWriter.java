package connmonitor.report;

import java.io.IOException;
import java.io.Writer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes the page: the template with uPlot, the page's script and style and the report's data put in
 * place of its {@code @NAME@} markers. The data is JSON inside a {@code <script type="application/json">}
 * element, escaped so that nothing in it (a Server header can hold anything) can end that element.
 */
final class HtmlPageWriter {

    private static final Pattern MARKER = Pattern.compile("/\\*@([A-Z_]+)@\\*/");

    private final PageAssets assets;

    HtmlPageWriter(PageAssets assets) {
        this.assets = assets;
    }

    void write(Report report, Writer out) throws IOException {
        Matcher marker = MARKER.matcher(assets.template());
        int from = 0;
        while (marker.find()) {
            out.write(assets.template(), from, marker.start() - from);
            switch (marker.group(1)) {
                case "UPLOT_LICENSE" -> out.write(assets.uplotLicense());
                case "UPLOT_CSS" -> out.write(assets.uplotCss());
                case "REPORT_CSS" -> out.write(assets.reportCss());
                case "UPLOT_JS" -> out.write(assets.uplotJs());
                case "COMMON_JS" -> out.write(assets.commonJs());
                case "PATHSETS_JS" -> out.write(assets.pathSetsJs());
                case "REPORT_JS" -> out.write(assets.reportJs());
                case "REPORT_DATA" -> new ReportJson(out).write(report);
                default -> throw new IllegalStateException("unknown marker " + marker.group());
            }
            from = marker.end();
        }
        out.write(assets.template(), from, assets.template().length() - from);
        out.flush();
    }
}
