package io.askflow.simulator;

/**
 * The faults drawn for one request from the configured rates.
 *
 * @param busy refuse at once with 503
 * @param error fail with 500 after the latency
 * @param hang hold the slot and never answer
 * @param streamError break a streamed answer half-way
 * @param stallAfterHeaders send the headers and part of the body, then hold the slot
 */
record Faults(boolean busy, boolean error, boolean hang, boolean streamError, boolean stallAfterHeaders) {

    static final Faults NONE = new Faults(false, false, false, false, false);

    /** Draws from the config's rates with a generator fixed by its seed and the arrival number. */
    static Faults draw(SimulatorConfig config, long arrival) {
        DeterministicRandom random = new DeterministicRandom(config.seed() * 31 + arrival);
        return new Faults(
                hit(random, config.busyRate()),
                hit(random, config.errorRate()),
                hit(random, config.hangRate()),
                hit(random, config.streamErrorRate()),
                hit(random, config.stallAfterHeadersRate()));
    }

    private static boolean hit(DeterministicRandom random, double rate) {
        double draw = random.nextDouble();
        return rate > 0 && draw < rate;
    }
}
