package io.askflow.core.cache;

import io.askflow.core.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import tools.jackson.core.JacksonException;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer cache in Redis: one string per {@link AnswerKey} under {@code askflow:answer:{scope}:{fingerprint}},
 * holding a {@link CachedAnswer} as JSON and written with {@code SETEX}. The scope is each job's own (ADR 7:
 * {@code default}, {@code tenant:<id>} or {@code shared:<name>}), so one Redis serves every scope and an answer is
 * read only by jobs of the scope that wrote it. The pipeline writes and reads it; the API reads it to answer a
 * cached question at once (its fast path): this class is the one definition of key and value for both.
 *
 * <p>Calls throw {@link redis.clients.jedis.exceptions.JedisException} when Redis cannot be reached
 * within the short timeouts of {@link RedisProperties}; {@link GuardedAnswerCache} deals with that.
 */
public final class RedisAnswerCache implements AnswerCache, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisAnswerCache.class);
    private static final String KEY_PREFIX = "askflow:answer:";

    private final UnifiedJedis redis;

    public RedisAnswerCache(UnifiedJedis redis) {
        this.redis = Objects.requireNonNull(redis, "redis");
    }

    /**
     * Connects a pooled client to the Redis of {@code properties}; nothing is sent until the first call.
     *
     * @param clientName the name Redis shows for the connections ({@code CLIENT LIST}), e.g. the application's
     */
    public static RedisAnswerCache connect(RedisProperties properties, String clientName) {
        return new RedisAnswerCache(RedisClients.pooled(properties, clientName));
    }

    /** The Redis key of an answer: {@code askflow:answer:{scope}:{fingerprint}}. */
    public static String key(AnswerKey key) {
        return KEY_PREFIX + key.scope() + ":" + key.fingerprint();
    }

    @Override
    public Optional<CachedAnswer> get(AnswerKey key) {
        String json = redis.get(key(key));
        if (json == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.MAPPER.readValue(json, CachedAnswer.class));
        } catch (JacksonException | IllegalArgumentException e) {
            // a bad entry is a miss, not a cache outage: the next run's answer replaces it
            log.warn("fingerprint {} scope {} has an unreadable cached answer, treated as a miss: {}", key.fingerprint(),
                    key.scope(), e.toString());
            return Optional.empty();
        }
    }

    @Override
    public void put(AnswerKey key, CachedAnswer answer, Duration ttl) {
        redis.setex(key(key), Math.max(1, ttl.toSeconds()), Json.MAPPER.writeValueAsString(answer));
    }

    @Override
    public void close() {
        redis.close();
    }
}
