package io.askflow.simulator;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** The simulator's running counters; {@link #snapshot(SlotGate)} turns them into stats. */
final class Counters {

    private final Map<String, LongAdder> byEndpoint = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> byModel = new ConcurrentHashMap<>();
    private final LongAdder completed = new LongAdder();
    private final LongAdder busy = new LongAdder();
    private final LongAdder busyInjected = new LongAdder();
    private final LongAdder notFound = new LongAdder();
    private final LongAdder badRequests = new LongAdder();
    private final LongAdder errorsInjected = new LongAdder();
    private final LongAdder hangsInjected = new LongAdder();
    private final LongAdder promptTokens = new LongAdder();
    private final LongAdder evalTokens = new LongAdder();

    void request(String endpoint) {
        byEndpoint.computeIfAbsent(endpoint, k -> new LongAdder()).increment();
    }

    void model(String model) {
        byModel.computeIfAbsent(model, k -> new LongAdder()).increment();
    }

    void completed(long prompt, long eval) {
        completed.increment();
        promptTokens.add(prompt);
        evalTokens.add(eval);
    }

    /** Counts an error answer by its status. */
    void rejected(int status) {
        switch (status) {
            case 503 -> busy.increment();
            case 404 -> notFound.increment();
            case 400 -> badRequests.increment();
            default -> { }
        }
    }

    /** Counts a 503 injected by {@code busyRate}; {@link #rejected(int)} counts it as a 503 too. */
    void busyInjected() {
        busyInjected.increment();
    }

    void errorInjected() {
        errorsInjected.increment();
    }

    void hangInjected() {
        hangsInjected.increment();
    }

    SimulatorStats snapshot(SlotGate gate) {
        return new SimulatorStats(sums(byEndpoint), sums(byModel), completed.sum(), busy.sum(),
                busyInjected.sum(), notFound.sum(), badRequests.sum(), errorsInjected.sum(), hangsInjected.sum(),
                gate.inFlight(), gate.queued(), gate.maxInFlight(), gate.maxQueued(),
                promptTokens.sum(), evalTokens.sum());
    }

    void reset() {
        byEndpoint.clear();
        byModel.clear();
        for (LongAdder adder : new LongAdder[] {completed, busy, busyInjected, notFound, badRequests,
                errorsInjected, hangsInjected, promptTokens, evalTokens}) {
            adder.reset();
        }
    }

    private static Map<String, Long> sums(Map<String, LongAdder> adders) {
        Map<String, Long> sums = new TreeMap<>();
        adders.forEach((key, adder) -> sums.put(key, adder.sum()));
        return sums;
    }
}
