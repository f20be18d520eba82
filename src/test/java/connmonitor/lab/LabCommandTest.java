package connmonitor.lab;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The control language of bin/netlab, on a live chain3 lab. Needs root. Takes about 3 s. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("root")
class LabCommandTest {

    private Lab lab;

    @BeforeAll
    void buildLab() {
        lab = Preset.CHAIN3.builder().build();
    }

    @AfterAll
    void closeLab() {
        lab.close();
    }

    @Test
    void settingsApplyToTheSelectedDirectionsOnly_allFirst() {
        LabCommand.applySettings(lab, List.of("delay=1", "r2-r3", "delay=60ms", "loss=5", "r3>server", "corrupt=2%"));
        assertThat(lab.emulator("client", "r1").direction("r1").impairment())
                .isEqualTo(Impairment.none().delay(Duration.ofMillis(1)));
        assertThat(lab.emulator("r2", "r3").direction("r3").impairment())
                .isEqualTo(Impairment.none().delay(Duration.ofMillis(60)).loss(5));
        assertThat(lab.emulator("r3", "server").direction("r3").impairment().corrupt()).isEqualTo(2);
        assertThat(lab.emulator("r3", "server").direction("server").impairment().corrupt()).isZero();
        LabCommand.run(lab, "set all delay=0 loss=0 corrupt=0");
        assertThat(lab.emulator("r2", "r3").direction("r2").impairment()).isEqualTo(Impairment.none());
    }

    @Test
    void cutAndRestoreReachTheEmulator() {
        assertThat(LabCommand.run(lab, "cut r1-r2")).isEqualTo("link r1<->r2 cut");
        assertThat(lab.emulator("r2", "r1").isCut()).isTrue();
        assertThat(LabCommand.run(lab, "show")).contains("[CUT]");
        LabCommand.run(lab, "restore r2-r1");
        assertThat(lab.emulator("r1", "r2").isCut()).isFalse();
    }

    @Test
    void aLinkTakenDownCarriesNothingAndComesBackWithItsRoutes() {
        String server4 = lab.ipv4("server").getHostAddress();
        String server6 = lab.ipv6("server").getHostAddress();
        assertThat(LabCommand.run(lab, "down r1-r2")).isEqualTo("link r1-r2 down");
        assertThat(lab.exec("client", "ping", "-c", "1", "-W", "1", server4).exitCode()).isNotZero();
        // the kernel deleted r1's routes through r2 with the link; up puts them back, both families
        assertThat(lab.exec("r1", "ip", "route").stdout()).doesNotContain("via 10.0.2.2");
        assertThat(LabCommand.run(lab, "up r1-r2")).isEqualTo("link r1-r2 up");
        // answers expected: -W 5 (was 2) leaves room for a whole-machine stall (0.5-2 s on CI's VM), at no cost
        assertThat(lab.exec("client", "ping", "-c", "1", "-W", "5", server4).exitCode()).isZero();
        assertThat(lab.exec("client", "ping", "-6", "-c", "1", "-W", "5", server6).exitCode()).isZero();
        assertThat(LabCommand.run(lab, "isolate r3")).isEqualTo("r3 isolated");
        assertThat(lab.exec("client", "ping", "-c", "1", "-W", "1", server4).exitCode()).isNotZero();
        assertThat(LabCommand.run(lab, "reconnect r3")).isEqualTo("r3 reconnected");
        assertThat(lab.exec("client", "ping", "-c", "1", "-W", "5", server4).exitCode()).isZero();
    }

    @Test
    void badCommandsGiveOneLineReasons() {
        assertThatThrownBy(() -> LabCommand.run(lab, "jump r1")).hasMessageStartingWith("unknown command 'jump'");
        assertThatThrownBy(() -> LabCommand.run(lab, "set r1-r2 delay=soon")).hasMessage("delay must be a number, got 'soon'");
        assertThatThrownBy(() -> LabCommand.run(lab, "set r1-r2 speed=1")).hasMessageStartingWith("unknown setting 'speed'");
        assertThatThrownBy(() -> LabCommand.run(lab, "set r1-r3 loss=1")).hasMessage("no link between r1 and r3");
        assertThatThrownBy(() -> LabCommand.run(lab, "set r1-r2 loss=120")).hasMessageContaining("0..100");
        assertThatThrownBy(() -> LabCommand.run(lab, "cut r1")).hasMessage("expected a link as A-B, got 'r1'");
        assertThatThrownBy(() -> LabCommand.run(lab, "down r1")).hasMessage("expected a link as A-B, got 'r1'");
        assertThatThrownBy(() -> LabCommand.run(lab, "isolate nobody")).hasMessageStartingWith("no node nobody");
    }
}
