package connmonitor.output;

import connmonitor.config.Options;
import connmonitor.config.Target;
import connmonitor.probe.Observation;
import connmonitor.probe.PingResult;
import connmonitor.probe.TraceResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Every observation is exported; a trace is printed only when its route changed; a batch is one write. */
class ObservationSinkTest {

    private static final Options JSON_NO_TIME = new Options(500, 10, 41, 1000, 30, 0, true, false);
    private static final Target HOST = new Target("gw", InetAddress.ofLiteral("10.0.0.1"), JSON_NO_TIME, 1);
    private static final Target OTHER = new Target("db", InetAddress.ofLiteral("10.0.0.2"), JSON_NO_TIME, 2);

    private final List<Observation> exported = new ArrayList<>();
    private final List<byte[]> writes = new ArrayList<>();
    private final OutputStream stdout = new OutputStream() {
        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            writes.add(java.util.Arrays.copyOfRange(bytes, offset, offset + length));
        }
    };
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final Log log = new Log(stderr, Clock.fixed(Instant.EPOCH, ZoneId.systemDefault()), false);
    private final ObservationSink sink = new ObservationSink(exported::add, stdout, log);

    private static Observation trace(Target target, String... hops) {
        List<TraceResult.Step> steps = new ArrayList<>();
        for (String hop : hops) {
            steps.add(hop.equals("*") ? TraceResult.Step.NO_ANSWER
                    : TraceResult.Step.answered(InetAddress.ofLiteral(hop), 1.0));
        }
        return new Observation(target, new TraceResult(steps, true), 0);
    }

    private static Observation ping(Target target) {
        return new Observation(target, PingResult.of(1, new double[] {0.5}), 0);
    }

    private List<String> printedLines() {
        return writes.stream().flatMap(write -> new String(write, StandardCharsets.UTF_8).lines()).toList();
    }

    @Test
    void everyObservationIsExportedButAnUnchangedRouteIsNotPrintedAgain() {
        List<Observation> all = List.of(trace(HOST, "10.0.0.254", "10.0.0.1"), trace(HOST, "10.0.0.254", "10.0.0.1"),
                ping(HOST), trace(HOST, "10.0.0.253", "10.0.0.1"), trace(OTHER, "10.0.0.254", "10.0.0.2"));
        all.forEach(sink::accept);
        assertThat(sink.print()).isTrue();

        assertThat(exported).isEqualTo(all);
        assertThat(printedLines()).hasSize(4);
        assertThat(writes).hasSize(1); // taken in together, written together
        assertThat(stderr.size()).isZero();
    }

    @Test
    void printingNothingWritesNothing() {
        assertThat(sink.print()).isTrue();
        assertThat(writes).isEmpty();
    }

    @Test
    void afterAReloadEveryHostsNextRouteIsPrintedAgain() {
        sink.accept(trace(OTHER, "10.0.0.254", "10.0.0.2"));
        sink.reloaded(List.of(HOST, OTHER));
        sink.accept(trace(OTHER, "10.0.0.254", "10.0.0.2"));
        sink.print();
        assertThat(printedLines()).hasSize(2);
    }

    @Test
    void aMovedNameLeavesNoRouteOfItsOldAddressBehindAndItsNewAddressPrintsItsFirstRoute() {
        Target moved = HOST.at(InetAddress.ofLiteral("10.0.0.9"));
        sink.accept(trace(HOST, "10.0.0.254", "10.0.0.1"));
        sink.accept(trace(OTHER, "10.0.0.254", "10.0.0.2"));
        sink.moved(List.of(moved, OTHER));
        assertThat(sink.routesRemembered()).as("only OTHER's").isEqualTo(1);
        sink.accept(trace(moved, "10.0.0.254", "10.0.0.9"));
        sink.accept(trace(moved, "10.0.0.254", "10.0.0.9"));
        sink.accept(trace(OTHER, "10.0.0.254", "10.0.0.2"));
        sink.print();
        assertThat(printedLines()).hasSize(3).last().asString().contains("10.0.0.9");
        assertThat(sink.routesRemembered()).isEqualTo(2);
    }

    @Test
    void aClosedStdoutIsOneErrorLineAndFalse() {
        ObservationSink broken = new ObservationSink(exported::add, new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                throw new IOException("Broken pipe");
            }
        }, log);
        broken.accept(ping(HOST));
        assertThat(broken.print()).isFalse();
        assertThat(stderr.toString(StandardCharsets.UTF_8))
                .startsWith("EE: BrokenPipeError: cannot write records to standard output: Broken pipe -\t ");
        assertThat(exported).hasSize(1);
    }
}
