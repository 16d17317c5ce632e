/**
 * The answer cache: a {@link io.askflow.core.cache.CachedAnswer} per {@link io.askflow.core.cache.AnswerKey} (the
 * job's cache scope and its fingerprint) in Redis under {@code askflow:answer:{scope}:{fingerprint}}
 * ({@link io.askflow.core.cache.RedisAnswerCache}), and
 * {@link io.askflow.core.cache.GuardedAnswerCache}, which turns a Redis outage into misses and skipped
 * writes at a bounded cost. The pipeline fills and reads it; the API reads it for its fast path. Needs
 * Jedis and Micrometer on the class path (optional dependencies of core, declared by api and pipeline).
 */
package io.askflow.core.cache;
