package io.askflow.core.cache;

import io.askflow.core.step.TokenUsage;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * An answer kept in the cache, written as JSON.
 *
 * @param answer   the final answer of the run
 * @param runId    the run that produced it
 * @param tokens   the tokens that run spent
 * @param cachedAt when it was stored
 */
public record CachedAnswer(String answer, UUID runId, TokenUsage tokens, Instant cachedAt) {

    public CachedAnswer {
        Objects.requireNonNull(answer, "answer");
        tokens = tokens == null ? TokenUsage.NONE : tokens;
    }
}
