package io.askflow.workers.run;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PartitionOffsetsTest {

    private final PartitionOffsets offsets = new PartitionOffsets();

    @Test
    void shouldHaveNothingToCommitBeforeTheFirstTask() {
        assertThat(offsets.position()).isEmpty();
        assertThat(offsets.advanced()).isEmpty();
    }

    @Test
    void shouldCommitOnlyTheUnbrokenPrefixOfFinishedOffsets() {
        offsets.taken(10);
        offsets.taken(11);
        offsets.taken(12);
        assertThat(offsets.advanced()).hasValue(10);
        offsets.committed(10);

        offsets.done(12);
        assertThat(offsets.advanced()).isEmpty();
        assertThat(offsets.position()).hasValue(10);

        offsets.done(10);
        assertThat(offsets.advanced()).hasValue(11);
        offsets.committed(11);

        offsets.done(11);
        assertThat(offsets.advanced()).hasValue(13);
        assertThat(offsets.running()).isZero();
    }

    @Test
    void shouldKeepThePositionAtAnOffsetThatNeverBecameDurable() {
        offsets.taken(0);
        offsets.taken(1);
        offsets.done(1);

        assertThat(offsets.position()).hasValue(0);
        assertThat(offsets.running()).isEqualTo(1);
    }

    @Test
    void shouldOfferAPositionAgainWhenItsCommitFailed() {
        offsets.taken(0);
        offsets.done(0);
        offsets.committed(1);

        offsets.commitFailed(1);

        assertThat(offsets.advanced()).hasValue(1);
    }

    @Test
    void shouldIgnoreAFailedCommitCoveredByALaterOne() {
        offsets.taken(0);
        offsets.done(0);
        offsets.committed(1);
        offsets.taken(1);
        offsets.done(1);
        offsets.committed(2);

        offsets.commitFailed(1);

        assertThat(offsets.advanced()).isEmpty();
    }
}
