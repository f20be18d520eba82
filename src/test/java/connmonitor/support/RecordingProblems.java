package connmonitor.support;

import connmonitor.config.Target;
import connmonitor.probe.Kind;
import connmonitor.probe.Problems;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps what probes reported, for tests to assert on. */
public final class RecordingProblems implements Problems {

    public final List<String> reported = new CopyOnWriteArrayList<>();

    @Override
    public void report(Target target, Kind kind, String type, String description) {
        reported.add(type + ": " + description);
    }

    @Override
    public void clear(Target target, Kind kind) {
    }
}
