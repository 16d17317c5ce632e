/**
 * Resilience building blocks shared by every role, free of Micrometer and Spring (their users count and
 * register what they need):
 * <ul>
 *   <li>{@link io.askflow.core.resilience.OutageGuard}: a dependency the callers can do without (Redis as the
 *       answer cache, Redis as the checkpoint store) marked down at its first failure, rested for a retry
 *       interval, probed by one caller at a time, marked up at its first success; one log line each way. Used by
 *       {@code io.askflow.core.cache.GuardedAnswerCache} (api, pipeline) and
 *       {@code io.askflow.workers.checkpoint.GuardedCheckpoints}.</li>
 *   <li>{@link io.askflow.core.resilience.Backoff}: exponential back-off with jitter. Used by the workers'
 *       Ollama retry policy ({@code io.askflow.workers.ollama.RetryPolicy}) and by
 *       {@link io.askflow.core.resilience.Retry}.</li>
 *   <li>{@link io.askflow.core.resilience.Retry}: bounded, interruptible retries of an action, the last
 *       failure rethrown. Used by the workers to publish results and dead letters
 *       ({@code io.askflow.workers.run.RunHandler}, {@code DeadLetters}).</li>
 *   <li>{@link io.askflow.core.resilience.Sleeper}: the pause between tries, injected so that tests never
 *       sleep. Used by {@code Retry} and the workers' {@code OllamaActivity}.</li>
 * </ul>
 */
package io.askflow.core.resilience;
