package io.askflow.workers.ollama;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * A per-host slot budget in Redis shared by every worker (ADR 20): one sorted set per host of leases scored by their
 * expiry, taken and given back by Lua scripts that first drop expired leases, so the slots of a crashed worker come
 * back after {@code leaseTtl} (longer than any call). Times are Redis's own ({@code TIME}): the workers' clocks do
 * not matter.
 *
 * <p>When Redis fails, a call takes a local slot of this worker's share of the host ({@code slots / expectedWorkers},
 * at least 1) instead, counted in {@code askflow.workers.ollama.shared.slots.fallbacks}: the host may then see more
 * than its slots only if the workers are more than expected.
 */
public final class RedisSlotBudget implements SlotBudget, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisSlotBudget.class);

    /** KEYS[1] the host's leases; ARGV: slots, lease id, lease ttl in ms. 1 when taken, 0 when all are taken. */
    static final String ACQUIRE = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
            if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then
              return 0
            end
            redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[2])
            if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[3]) then
              redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]))
            end
            return 1
            """;

    /** The prefix of a host's key; the host's URL follows. */
    public static final String KEY_PREFIX = "askflow:ollama:slots:";

    private static final String LOCAL_PREFIX = "local:";

    private final UnifiedJedis redis;
    private final Duration leaseTtl;
    private final int expectedWorkers;
    private final Map<String, Semaphore> localShares = new ConcurrentHashMap<>();
    private final Counter fallbacks;

    /**
     * @param leaseTtl        how long a lease lives unless given back: longer than the longest call
     * @param expectedWorkers how many workers share the hosts, for the local share while Redis fails
     */
    public RedisSlotBudget(UnifiedJedis redis, Duration leaseTtl, int expectedWorkers, MeterRegistry meters) {
        if (expectedWorkers < 1 || leaseTtl.toMillis() < 1) {
            throw new IllegalArgumentException("expected workers and lease ttl must be positive");
        }
        this.redis = redis;
        this.leaseTtl = leaseTtl;
        this.expectedWorkers = expectedWorkers;
        this.fallbacks = Counter.builder("askflow.workers.ollama.shared.slots.fallbacks")
                .description("Ollama slots taken from this worker's local share because Redis failed")
                .register(meters);
    }

    /** The Redis key of a host's leases. */
    public static String key(OllamaHost host) {
        return KEY_PREFIX + host.url();
    }

    @Override
    public Optional<String> tryAcquire(OllamaHost host) {
        String lease = UUID.randomUUID().toString();
        try {
            Object taken = redis.eval(ACQUIRE, List.of(key(host)),
                    List.of(String.valueOf(host.slots()), lease, String.valueOf(leaseTtl.toMillis())));
            return Long.valueOf(1).equals(taken) ? Optional.of(lease) : Optional.empty();
        }
        catch (JedisException e) {
            log.warn("Ollama host {}: shared slot budget unavailable, using this worker's share: {}", host.url(),
                    e.getMessage());
            fallbacks.increment();
            return localShare(host).tryAcquire() ? Optional.of(LOCAL_PREFIX + lease) : Optional.empty();
        }
    }

    @Override
    public void release(OllamaHost host, String lease) {
        if (lease.startsWith(LOCAL_PREFIX)) {
            localShare(host).release();
            return;
        }
        try {
            redis.zrem(key(host), lease);
        }
        catch (JedisException e) {
            log.warn("Ollama host {}: lease {} not given back (it expires by itself): {}", host.url(), lease,
                    e.getMessage());
        }
    }

    private Semaphore localShare(OllamaHost host) {
        return localShares.computeIfAbsent(host.url(),
                url -> new Semaphore(Math.max(1, host.slots() / expectedWorkers)));
    }

    /** Closes the Redis client. */
    @Override
    public void close() {
        redis.close();
    }
}
