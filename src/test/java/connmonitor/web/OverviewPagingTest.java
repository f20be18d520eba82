package connmonitor.web;

import static org.assertj.core.api.Assertions.assertThat;

import connmonitor.probe.PingResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The overview keeps only the worst offset + limit hosts while reading: its pages are the pages of the whole sort. */
class OverviewPagingTest {

    @Test
    void pagesTogetherAreTheWholeListWorstFirst() {
        HistoryStore store = new HistoryStore();
        Random random = new Random(7);
        long now = 1_764_000_000_000L;
        for (int h = 0; h < 1000; h++) {
            int replies = random.nextInt(4) == 0 ? random.nextInt(10) : 10; // a quarter lossy, many ties
            double[] rtts = new double[replies];
            java.util.Arrays.fill(rtts, 1 + random.nextInt(5));
            store.record("h" + h, "10.0." + (h >> 8) + "." + (h & 255), now, PingResult.of(10, rtts));
        }
        List<HostRow> all = store.overview("", 0, 5000).rows();
        assertThat(all).hasSize(1000).isSortedAccordingTo(HostRow.WORST_FIRST);
        List<HostRow> paged = new ArrayList<>();
        for (int offset = 0; offset < 1000; offset += 37) {
            HistoryStore.Overview page = store.overview("", offset, 37);
            assertThat(page.offset()).isEqualTo(offset);
            assertThat(page.matched()).isEqualTo(1000);
            paged.addAll(page.rows());
        }
        assertThat(paged).extracting(HostRow::id).containsExactlyElementsOf(all.stream().map(HostRow::id).toList());
        assertThat(store.overview("", 990, 50).rows()).hasSize(10);
        assertThat(store.overview("", 2000, 50).rows()).isEmpty();
        assertThat(store.overview("", 0, 0).matched()).isEqualTo(1000);
        assertThat(store.overview("h99", 0, 50).matched()).isEqualTo(11);
    }
}
