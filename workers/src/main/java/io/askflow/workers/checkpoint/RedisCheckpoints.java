package io.askflow.workers.checkpoint;

import io.askflow.core.json.Json;
import io.askflow.core.step.StepResult;
import io.askflow.workers.chain.Checkpoints;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import tools.jackson.core.JacksonException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Checkpoints in Redis: one string per finished step, {@code askflow:checkpoint:{runId}:{index}}, holding the
 * {@link StepResult} as JSON, written with {@code SETEX} so that a run nobody resumes leaves nothing behind
 * after the TTL. Loading is one {@code MGET} of the chain's keys.
 *
 * <p>Fencing: {@link #begin} increments the run's attempt counter {@code askflow:checkpoint:{runId}:fence} (with
 * the same TTL) and returns it; a fenced {@link #save(UUID, long, StepResult)} is one Lua script that writes the step
 * only while the counter is not above the attempt's fence, so an attempt that a newer one replaced (a
 * network-partitioned worker) cannot overwrite the newer attempt's steps, whatever the order its writes arrive in.
 * Calls throw
 * {@link redis.clients.jedis.exceptions.JedisException} when Redis does not answer within the timeout;
 * {@link GuardedCheckpoints} deals with that.
 */
public final class RedisCheckpoints implements Checkpoints, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisCheckpoints.class);
    private static final String KEY_PREFIX = "askflow:checkpoint:";
    /** KEYS[1] the fence counter, KEYS[2] the step; ARGV: the attempt's fence, the step's JSON, the TTL in seconds. */
    private static final String FENCED_SET = """
            local newest = tonumber(redis.call('GET', KEYS[1]) or '0')
            if newest > tonumber(ARGV[1]) then
              return 0
            end
            redis.call('SET', KEYS[2], ARGV[2], 'EX', ARGV[3])
            return 1
            """;

    private final UnifiedJedis redis;
    private final Duration ttl;

    public RedisCheckpoints(UnifiedJedis redis, Duration ttl) {
        if (ttl.toSeconds() < 1) {
            throw new IllegalArgumentException("checkpoints need a TTL of at least one second, was " + ttl);
        }
        this.redis = redis;
        this.ttl = ttl;
    }

    /** The Redis key of a run's attempt counter. */
    public static String fenceKey(UUID runId) {
        return KEY_PREFIX + runId + ":fence";
    }

    /** The Redis key of one step of a run. */
    public static String key(UUID runId, int index) {
        return KEY_PREFIX + runId + ":" + index;
    }

    @Override
    public List<StepResult> load(UUID runId, int steps) {
        if (steps < 1) {
            return List.of();
        }
        String[] keys = new String[steps];
        for (int index = 0; index < steps; index++) {
            keys[index] = key(runId, index);
        }
        List<StepResult> found = new ArrayList<>();
        for (String json : redis.mget(keys)) {
            StepResult step = json == null ? null : parse(runId, found.size(), json);
            if (step == null) {
                break;
            }
            found.add(step);
        }
        return found;
    }

    @Override
    public void save(UUID runId, StepResult step) {
        redis.setex(key(runId, step.index()), ttl.toSeconds(), Json.MAPPER.writeValueAsString(step));
    }

    @Override
    public long begin(UUID runId) {
        String key = fenceKey(runId);
        long fence = redis.incr(key);
        redis.expire(key, ttl.toSeconds());
        return fence;
    }

    @Override
    public boolean save(UUID runId, long fence, StepResult step) {
        Object written = redis.eval(FENCED_SET, List.of(fenceKey(runId), key(runId, step.index())),
                List.of(Long.toString(fence), Json.MAPPER.writeValueAsString(step), Long.toString(ttl.toSeconds())));
        if (Long.valueOf(1).equals(written)) {
            return true;
        }
        log.warn("run {} step {}: checkpoint refused, attempt {} was replaced by a newer one", runId, step.index(),
                fence);
        return false;
    }

    private static StepResult parse(UUID runId, int index, String json) {
        try {
            return Json.MAPPER.readValue(json, StepResult.class);
        } catch (JacksonException e) {
            // an unreadable checkpoint is no checkpoint: the step runs again
            log.warn("run {} step {}: unreadable checkpoint, the step runs again: {}", runId, index, e.toString());
            return null;
        }
    }

    @Override
    public void close() {
        redis.close();
    }
}
