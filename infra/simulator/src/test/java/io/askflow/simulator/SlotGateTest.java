package io.askflow.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SlotGateTest {

    @Test
    void shouldRefuseOnceSlotsAndQueueAreTaken() throws Exception {
        SlotGate gate = new SlotGate(1, 0);
        SlotGate.Lease lease = gate.enter();

        assertThatThrownBy(gate::enter).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(503));

        lease.close();
        lease.close();
        assertThat(gate.inFlight()).isZero();
        gate.enter().close();
    }

    @Test
    void shouldTakeMoreCallsAfterGrowingAndFewerAfterShrinking() throws Exception {
        SlotGate gate = new SlotGate(1, 0);
        gate.resize(3, 0);
        SlotGate.Lease a = gate.enter();
        SlotGate.Lease b = gate.enter();
        SlotGate.Lease c = gate.enter();
        assertThat(gate.maxInFlight()).isEqualTo(3);

        gate.resize(1, 0);
        a.close();
        b.close();
        assertThatThrownBy(gate::enter).isInstanceOf(ApiException.class);
        c.close();
        gate.enter().close();
        gate.resetPeaks();
        assertThat(gate.maxInFlight()).isZero();
    }
}
