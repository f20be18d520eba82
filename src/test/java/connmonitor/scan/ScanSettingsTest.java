package connmonitor.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ScanSettingsTest {

    @Test
    void theDaemonScansTheStandardPortsWithAFiveSecondDeadlineAndFourKibAnswers() {
        assertThat(ScanSettings.DEFAULTS).isEqualTo(new ScanSettings(80, 443, 3306, Duration.ofSeconds(5), 4096));
        assertThat(new ScanProbe().settings()).isEqualTo(ScanSettings.DEFAULTS);
    }

    @Test
    void nonsenseIsRefusedWithAOneLineReason() {
        assertThatThrownBy(() -> ScanSettings.DEFAULTS.withPorts(0, 443, 3306))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("httpPort must be 1..65535: 0");
        assertThatThrownBy(() -> ScanSettings.DEFAULTS.withDeadline(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("scan deadline must be");
        assertThatThrownBy(() -> new ScanSettings(80, 443, 3306, Duration.ofSeconds(1), 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxAnswerBytes must be 64..1048576: 10");
    }
}
