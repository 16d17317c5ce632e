package io.askflow.api.idempotency;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;

/**
 * Deletes expired idempotency keys every {@code askflow.api.idempotency.cleanup-interval}, in batches of
 * {@code cleanup-batch} rows (short statements, no long lock; rows another instance is deleting are skipped), at
 * most {@code cleanup-max-batches} per run. Expired rows are ignored by lookups anyway: this only keeps the table
 * small. A failure (PostgreSQL away) waits for the next run.
 */
@Component
public class IdempotencyKeyReaper {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyKeyReaper.class);

    private final IdempotencyKeys keys;
    private final IdempotencyProperties properties;
    private final Clock clock;

    public IdempotencyKeyReaper(IdempotencyKeys keys, IdempotencyProperties properties, Clock clock) {
        this.keys = keys;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${askflow.api.idempotency.cleanup-interval:5m}",
            initialDelayString = "${askflow.api.idempotency.cleanup-interval:5m}")
    void scheduled() {
        try {
            deleteExpired();
        } catch (DataAccessException e) {
            log.warn("expired idempotency keys not deleted, next try in {}: {}", properties.cleanupInterval(),
                    e.toString());
        }
    }

    /**
     * Deletes expired keys, batch by batch, until a batch is not full or the batches of one run are done.
     *
     * @return how many were deleted
     */
    public int deleteExpired() {
        int total = 0;
        for (int batch = 0; batch < properties.cleanupMaxBatches(); batch++) {
            int deleted = keys.deleteExpired(clock.instant(), properties.cleanupBatch());
            total += deleted;
            if (deleted < properties.cleanupBatch()) {
                break;
            }
        }
        if (total > 0) {
            log.debug("deleted {} expired idempotency keys", total);
        }
        return total;
    }
}
