package io.askflow.api.idempotency;

import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Runs a creating request once per tenant and {@code Idempotency-Key} (IETF httpapi idempotency-key draft), for any
 * door that creates something under an id: jobs now, batches later. In one transaction, the one the creation
 * stores its rows in (a creation that uses a {@link TransactionTemplate} joins it):
 * <ol>
 *   <li>{@code pg_try_advisory_xact_lock} on (tenant, key); held by another transaction: a request with the key is
 *       in flight ({@link IdempotencyKeyInFlightException}, a 409), nothing is done;</li>
 *   <li>an unexpired row with the same request hash: the first answer is replayed (its id and status code), nothing
 *       is created; with another hash: {@link IdempotencyKeyReusedException} (a 422);</li>
 *   <li>otherwise the creation runs and its answer is stored with the key, committed with what it created.</li>
 * </ol>
 * Expired rows count as absent (and are replaced); {@link IdempotencyKeyReaper} deletes them.
 */
@Service
public class IdempotentRequests {

    private final IdempotencyKeys keys;
    private final TransactionTemplate transactions;
    private final IdempotencyProperties properties;
    private final Clock clock;

    public IdempotentRequests(IdempotencyKeys keys, TransactionTemplate transactions, IdempotencyProperties properties,
                              Clock clock) {
        this.keys = keys;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Creates once, or replays the first answer.
     *
     * @param tenant      the caller's tenant: keys of two tenants never meet
     * @param key         the request's key
     * @param requestHash the request's {@link RequestHash}
     * @param creation    creates and says what it created; runs inside the transaction
     * @throws IdempotencyKeyInFlightException  when another request with the key is in flight
     * @throws IdempotencyKeyReusedException    when the key was used with another request
     * @throws FirstAnswerNotCommittedException when the creation returned but its transaction did not commit
     */
    public <T> Outcome<T> execute(String tenant, IdempotencyKey key, String requestHash, Supplier<Created<T>> creation) {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(requestHash, "requestHash");
        AtomicReference<Created<T>> created = new AtomicReference<>();
        try {
            return transactions.execute(tx -> {
                if (!keys.tryLock(tenant, key.value())) {
                    throw new IdempotencyKeyInFlightException(key.value());
                }
                Instant now = clock.instant();
                var first = keys.find(tenant, key.value(), now);
                if (first.isPresent()) {
                    if (!first.get().requestHash().equals(requestHash)) {
                        throw new IdempotencyKeyReusedException(key.value());
                    }
                    return Outcome.<T>replayed(first.get().resourceId(), first.get().statusCode());
                }
                Created<T> answer = creation.get();
                created.set(answer);
                keys.save(tenant, key.value(), new IdempotencyKeys.Stored(requestHash, answer.id(), answer.statusCode()),
                        now, now.plus(properties.ttl()));
                return Outcome.created(answer);
            });
        } catch (DataAccessException | TransactionException e) {
            if (created.get() != null) {
                throw new FirstAnswerNotCommittedException(created.get().id(), e);
            }
            throw e;
        }
    }

    /**
     * What a creation made.
     *
     * @param value      what it answers with
     * @param id         the id of what it created, replayed to later requests with the key
     * @param statusCode the status code it answers with, replayed too
     */
    public record Created<T>(T value, UUID id, int statusCode) {
    }

    /**
     * The answer to a request with a key: what was created now, or the first answer's id and status code.
     *
     * @param created    what this request created, or {@code null} for a replay
     * @param id         the id created, now or by the first request
     * @param statusCode the status code to answer with
     */
    public record Outcome<T>(T created, UUID id, int statusCode) {

        static <T> Outcome<T> created(Created<T> created) {
            return new Outcome<>(created.value(), created.id(), created.statusCode());
        }

        static <T> Outcome<T> replayed(UUID id, int statusCode) {
            return new Outcome<>(null, id, statusCode);
        }

        /** Whether this answer replays the first one. */
        public boolean isReplay() {
            return created == null;
        }
    }
}
