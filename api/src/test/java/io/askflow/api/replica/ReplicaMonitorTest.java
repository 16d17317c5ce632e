package io.askflow.api.replica;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReplicaMonitorTest {

    @Test
    void shouldReadAWalPositionAsANumberThatOrdersLikePostgresql() {
        assertThat(ReplicaMonitor.lsn("0/0")).isZero();
        assertThat(ReplicaMonitor.lsn("16/B374D848")).isEqualTo(0x16B374D848L);
        assertThat(ReplicaMonitor.lsn("1/0")).isGreaterThan(ReplicaMonitor.lsn("0/FFFFFFFF"));
    }
}
