package connmonitor.web;

import java.util.List;

/** A host's route changed: the answering addresses before and after, in hop order. */
record RouteChange(long epochMillis, List<String> before, List<String> after) {

    RouteChange {
        before = List.copyOf(before);
        after = List.copyOf(after);
    }
}
