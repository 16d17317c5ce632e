package io.askflow.core.job;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobLifecycleTest {

    @Test
    void shouldAllowTheForwardPath() {
        assertThat(JobLifecycle.transition(JobStatus.QUEUED, JobStatus.RUNNING)).isEqualTo(JobStatus.RUNNING);
        assertThat(JobLifecycle.transition(JobStatus.RUNNING, JobStatus.COMPLETED)).isEqualTo(JobStatus.COMPLETED);
        assertThat(JobLifecycle.isAllowed(JobStatus.QUEUED, JobStatus.FAILED)).isTrue();
    }

    @Test
    void shouldNeverLeaveATerminalStatus() {
        assertThatThrownBy(() -> JobLifecycle.transition(JobStatus.COMPLETED, JobStatus.FAILED))
                .isInstanceOf(IllegalJobTransitionException.class)
                .hasMessageContaining("COMPLETED to FAILED");
        assertThat(JobLifecycle.isAllowed(JobStatus.FAILED, JobStatus.QUEUED)).isFalse();
        assertThat(JobLifecycle.isAllowed(JobStatus.RUNNING, JobStatus.QUEUED)).isFalse();
    }

    @Test
    void shouldTolerateARepeatedStatus() {
        assertThat(JobLifecycle.isAllowed(JobStatus.COMPLETED, JobStatus.COMPLETED)).isTrue();
    }
}
