package io.askflow.simulator;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/** Everything the handlers share: the live config, the slots, the counters and the clock. */
final class SimulatorState {

    private final Counters counters = new Counters();
    private final Pacer pacer = new Pacer();
    private final RecentRequests recent = new RecentRequests();
    private final AtomicLong arrivals = new AtomicLong();
    private final SlotGate gate;
    private volatile SimulatorConfig config;

    SimulatorState(SimulatorConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.gate = new SlotGate(config.slots(), config.queue());
    }

    SimulatorConfig config() {
        return config;
    }

    synchronized SimulatorConfig reconfigure(UnaryOperator<SimulatorConfig> change) {
        SimulatorConfig next = Objects.requireNonNull(change.apply(config), "new config");
        gate.resize(next.slots(), next.queue());
        config = next;
        pacer.configurationChanged();
        return next;
    }

    /** Draws this request's faults; the arrival number makes sequential runs repeatable. */
    Faults drawFaults(SimulatorConfig current) {
        return Faults.draw(current, arrivals.incrementAndGet());
    }

    SimulatorStats stats() {
        return counters.snapshot(gate);
    }

    List<RecordedRequest> recentRequests() {
        return recent.snapshot();
    }

    void reset() {
        counters.reset();
        gate.resetPeaks();
        recent.clear();
        arrivals.set(0);
    }

    Counters counters() {
        return counters;
    }

    Pacer pacer() {
        return pacer;
    }

    RecentRequests recent() {
        return recent;
    }

    SlotGate gate() {
        return gate;
    }
}
