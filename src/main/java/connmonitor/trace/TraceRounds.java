package connmonitor.trace;

import connmonitor.probe.TraceResult;
import java.util.ArrayList;
import java.util.List;

/**
 * Folds the traces of one {@code probes=N} run (N probes per TTL, sent together) into one trace: it ends
 * where the shortest of them ended (a lost probe only makes a trace longer, as the host then answers a TTL
 * later), each printed step is the first probe at that TTL that got an answer, and every probe is kept
 * for the per-hop statistics.
 */
final class TraceRounds {

    private TraceRounds() {
    }

    static TraceResult combine(List<TraceResult> rounds) {
        int length = rounds.stream().mapToInt(round -> round.steps().size()).min().orElseThrow();
        List<TraceResult.Step> steps = new ArrayList<>(length);
        List<List<TraceResult.Step>> probes = new ArrayList<>(length);
        for (int hop = 0; hop < length; hop++) {
            TraceResult.Step first = TraceResult.Step.NO_ANSWER;
            List<TraceResult.Step> atHop = new ArrayList<>(rounds.size());
            for (TraceResult round : rounds) {
                TraceResult.Step step = round.steps().get(hop);
                atHop.add(step);
                if (!first.answered() && step.answered()) {
                    first = step;
                }
            }
            steps.add(first);
            probes.add(atHop);
        }
        boolean reached = rounds.stream().anyMatch(round -> round.reached() && round.steps().size() == length);
        return new TraceResult(steps, reached, probes);
    }
}
