package io.askflow.simulator;

/**
 * When a call reached each stage (System.nanoTime), turned into Ollama's durations in ns.
 * Every duration reported is at least 1 ns, so a client dividing by it cannot fail.
 */
final class Timings {

    private final long arrived;
    private long inSlot;
    private long loaded;
    private long firstToken;
    private long done;

    Timings(long arrived) {
        this.arrived = arrived;
    }

    void inSlot() {
        inSlot = System.nanoTime();
    }

    void loaded() {
        loaded = System.nanoTime();
    }

    void firstToken() {
        firstToken = System.nanoTime();
    }

    long firstTokenAt() {
        return firstToken;
    }

    void done() {
        done = System.nanoTime();
    }

    /** From arrival to the end, queue wait included. */
    long total() {
        return Math.max(1, done - arrived);
    }

    /** The fixed latency spent in the slot. */
    long load() {
        return Math.max(1, loaded - inSlot);
    }

    /** Time to first token. */
    long promptEval() {
        return Math.max(1, firstToken - loaded);
    }

    /** Generation after the first token. */
    long eval() {
        return Math.max(1, done - firstToken);
    }
}
