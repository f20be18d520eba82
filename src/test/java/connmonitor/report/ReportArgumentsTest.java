package connmonitor.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The command line of connmonitor report, and the times --since and --until take. */
class ReportArgumentsTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static ReportArguments parse(String... args) {
        return ReportArguments.parse(List.of(args), NOW, BERLIN);
    }

    @Test
    void logsOutputAndFilters() {
        ReportArguments.Options options = (ReportArguments.Options) parse("a.log", "b.log.1.gz", "-o", "out.html",
                "--host", "web1", "--host=10.0.0.9", "--since=2026-11-24", "--until", "2026-11-25T08:30");
        assertThat(options.logs()).containsExactly("a.log", "b.log.1.gz");
        assertThat(options.output()).isEqualTo("out.html");
        assertThat(options.filter().hosts()).isEqualTo(Set.of("web1", "10.0.0.9"));
        assertThat(options.filter().since()).isEqualTo(Instant.parse("2026-11-23T23:00:00Z").toEpochMilli());
        assertThat(options.filter().until()).isEqualTo(Instant.parse("2026-11-25T07:30:00Z").toEpochMilli());
    }

    @Test
    void defaultsAndFilesThatLookLikeOptions() {
        ReportArguments.Options options = (ReportArguments.Options) parse("-", "--", "-odd.log");
        assertThat(options.logs()).containsExactly("-", "-odd.log");
        assertThat(options.output()).isEqualTo("report.html");
        assertThat(options.filter()).isEqualTo(Filter.ALL);
    }

    @Test
    void timesInEveryForm() {
        long now = NOW.toEpochMilli();
        assertThat(TimeArgument.parse("now", NOW, BERLIN)).isEqualTo(now);
        assertThat(TimeArgument.parse("36h", NOW, BERLIN)).isEqualTo(now - 36 * 3_600_000.0);
        assertThat(TimeArgument.parse("-7d", NOW, BERLIN)).isEqualTo(now - 7 * 86_400_000.0);
        assertThat(TimeArgument.parse("90m", NOW, BERLIN)).isEqualTo(now - 90 * 60_000.0);
        assertThat(TimeArgument.parse("2026-11-25T08:30:00Z", NOW, BERLIN))
                .isEqualTo(Instant.parse("2026-11-25T08:30:00Z").toEpochMilli());
        assertThat(TimeArgument.parse("2026-11-25 08:30:00+01:00", NOW, BERLIN))
                .isEqualTo(Instant.parse("2026-11-25T07:30:00Z").toEpochMilli());
        assertThat(TimeArgument.parse("1764075599123.5", NOW, BERLIN)).isEqualTo(1764075599123.5);
    }

    @Test
    void problemsNameTheirCause() {
        assertThat(parse()).isEqualTo(new ReportArguments.Problem("no log file given"));
        assertThat(parse("a.log", "--since")).isEqualTo(new ReportArguments.Problem("--since needs a value"));
        assertThat(parse("a.log", "-x")).isEqualTo(new ReportArguments.Problem("unknown option '-x'"));
        assertThat(parse("a.log", "--until", "2026-13-01")).isInstanceOf(ReportArguments.Problem.class);
        assertThat(parse("a.log", "--since", "now", "--until", "1d"))
                .isEqualTo(new ReportArguments.Problem("--since is after --until"));
        assertThat(parse("a.log", "-h")).isInstanceOf(ReportArguments.Help.class);
    }
}
