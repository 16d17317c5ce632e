package io.askflow.core.run;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunLifecycleTest {

    @Test
    void shouldLetARunningRunEndOrReportProgress() {
        for (RunStatus to : RunStatus.values()) {
            assertThat(RunLifecycle.transition(RunStatus.RUNNING, to)).isEqualTo(to);
        }
    }

    @Test
    void shouldNeverChangeAFinishedRun() {
        for (RunStatus from : new RunStatus[] {RunStatus.COMPLETED, RunStatus.FAILED}) {
            for (RunStatus to : RunStatus.values()) {
                assertThat(RunLifecycle.isAllowed(from, to)).as("%s -> %s", from, to).isFalse();
                assertThatThrownBy(() -> RunLifecycle.transition(from, to))
                        .isInstanceOf(IllegalRunTransitionException.class).hasMessageContaining(from.name());
            }
        }
    }
}
