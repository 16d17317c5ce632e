package io.askflow.api.idempotency;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * Idempotency keys ({@code askflow.api.idempotency.*}).
 *
 * @param ttl             how long a key is remembered after its first request (default 24 h): a retry within it is
 *                        answered as the first request was; after it the key starts anew
 * @param cleanupInterval how often expired keys are deleted (default 5 min)
 * @param cleanupBatch    rows deleted per statement (default 1,000): small batches hold no long lock
 * @param cleanupMaxBatches statements per cleanup at most (default 100); the rest waits for the next one
 */
@Validated
@ConfigurationProperties("askflow.api.idempotency")
public record IdempotencyProperties(@DefaultValue("24h") @NotNull Duration ttl,
                                    @DefaultValue("5m") @NotNull Duration cleanupInterval,
                                    @DefaultValue("1000") @Min(1) @Max(100_000) int cleanupBatch,
                                    @DefaultValue("100") @Min(1) int cleanupMaxBatches) {

    public IdempotencyProperties {
        if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
            throw new IllegalArgumentException("askflow.api.idempotency.ttl must be positive, was " + ttl);
        }
        if (cleanupInterval != null && (cleanupInterval.isNegative() || cleanupInterval.isZero())) {
            throw new IllegalArgumentException("askflow.api.idempotency.cleanup-interval must be positive, was "
                    + cleanupInterval);
        }
    }
}
