package io.askflow.workers.ollama;

import java.util.Optional;

/**
 * Slots of Ollama hosts shared beyond this worker (ADR 20): before a call takes a local slot in {@link OllamaHosts},
 * it takes one here, so that every worker together stays within a host's slots.
 */
public interface SlotBudget {

    /**
     * Takes one of {@code host}'s slots at once, or says none is free.
     *
     * @return the lease's id, to give back with {@link #release}, or empty when the host's slots are all taken
     */
    Optional<String> tryAcquire(OllamaHost host);

    /** Gives a slot back; an unknown or expired lease is fine. */
    void release(OllamaHost host, String lease);
}
