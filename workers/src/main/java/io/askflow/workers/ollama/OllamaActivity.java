package io.askflow.workers.ollama;

import io.askflow.core.resilience.Sleeper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One Ollama call as a bounded activity, like a Temporal activity: each attempt takes a slot on the least
 * busy host that is not cooling down and is cut off after {@link RetryPolicy#attemptTimeout()} or at the
 * deadline, whichever comes first; retryable failures ({@link OllamaFailure#BUSY},
 * {@link OllamaFailure#UNAVAILABLE}, {@link OllamaFailure#TIMEOUT}, {@link OllamaFailure#SERVER_ERROR}) cool
 * their host down and are tried again, on another host when one is free, after an exponential back-off with
 * jitter, up to {@link RetryPolicy#maxAttempts()} attempts and never past the deadline: the step's
 * ({@link RetryPolicy#deadline()}) or the chain's, whichever passes first. An attempt cut off at the deadline
 * (its timeout shortened to the time left) ends the call with the deadline's type
 * ({@code STEP_DEADLINE_EXCEEDED} or the chain's) and does not cool its host down: the host was not slow,
 * the time was up. Failures never retried: {@link OllamaFailure#MODEL_NOT_FOUND} and
 * {@link OllamaFailure#REJECTED}. The pauses come from the policy's {@link io.askflow.core.resilience.Backoff} and
 * are slept by a {@link Sleeper}, which tests replace.
 */
public final class OllamaActivity {

    private static final Logger log = LoggerFactory.getLogger(OllamaActivity.class);

    private final OllamaHosts hosts;
    private final RetryPolicy policy;
    private final OllamaMetrics metrics;
    private final Sleeper sleeper;

    public OllamaActivity(OllamaHosts hosts, RetryPolicy policy, OllamaMetrics metrics, Sleeper sleeper) {
        this.hosts = Objects.requireNonNull(hosts, "hosts");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    public RetryPolicy policy() {
        return policy;
    }

    /**
     * Calls Ollama until an attempt succeeds or the policy says stop.
     *
     * @param call          what to send
     * @param runId         the run, for logs
     * @param step          the chain step, for logs
     * @param chainDeadline the deadline of the whole chain; the step's own deadline starts now
     * @throws OllamaActivityException with the last failure and the attempts made
     * @throws InterruptedException    when the worker is stopping
     */
    public ChatReply call(ChatCall call, Object runId, String step, Deadline chainDeadline)
            throws OllamaActivityException, InterruptedException {
        Deadline deadline = policy.stepDeadline().earliest(chainDeadline);
        for (int attempt = 1; ; attempt++) {
            OllamaCallException failure;
            try (OllamaHosts.Lease lease = takeSlot(deadline, attempt, runId, step)) {
                OllamaClient client = lease.host().client();
                Duration timeout = deadline.remaining();
                boolean cutAtDeadline = timeout.compareTo(policy.attemptTimeout()) < 0;
                try {
                    ChatReply reply = client.chat(call, cutAtDeadline ? timeout : policy.attemptTimeout());
                    lease.succeeded();
                    metrics.succeeded(reply);
                    return reply;
                } catch (OllamaCallException e) {
                    metrics.failed(client.host(), e.failure());
                    if (cutAtDeadline && e.failure() == OllamaFailure.TIMEOUT) {
                        log.warn("run {} step {} attempt {} of {} on {} cut off at the {}", runId, step, attempt,
                                policy.maxAttempts(), e.host(), deadline.description());
                        throw OllamaActivityException.cutAt(deadline, e, attempt);
                    }
                    lease.failed(e.failure());
                    failure = e;
                }
            }
            Duration pause = policy.backoff(attempt, ThreadLocalRandom.current());
            giveUpIfDone(failure, attempt, deadline, pause, runId, step);
            metrics.retried(failure.failure());
            log.warn("run {} step {} attempt {} of {} on {} failed, retrying in {} ms: {} {}", runId, step, attempt,
                    policy.maxAttempts(), failure.host(), pause.toMillis(), failure.failure().type(),
                    failure.detail());
            sleeper.sleep(pause);
        }
    }

    private OllamaHosts.Lease takeSlot(Deadline deadline, int attempt, Object runId, String step)
            throws InterruptedException, OllamaActivityException {
        OllamaHosts.Lease lease = deadline.passed() ? null : hosts.acquire(deadline.remaining());
        if (lease == null) {
            log.warn("run {} step {}: no free Ollama slot before the {}", runId, step, deadline.description());
            throw new OllamaActivityException(OllamaFailure.BUSY, null,
                    "no free Ollama slot before the " + deadline.description(), attempt - 1,
                    deadline.description() + " reached", null);
        }
        return lease;
    }

    private void giveUpIfDone(OllamaCallException failure, int attempt, Deadline deadline, Duration pause,
                              Object runId, String step) throws OllamaActivityException {
        String why = null;
        if (!failure.retryable()) {
            why = "never retried";
        } else if (attempt >= policy.maxAttempts()) {
            why = "out of attempts";
        } else if (deadline.passesWithin(pause)) {
            why = deadline.description() + " reached";
        }
        if (why != null) {
            log.warn("run {} step {} attempt {} of {} on {} failed, giving up ({}): {} {}", runId, step, attempt,
                    policy.maxAttempts(), failure.host(), why, failure.failure().type(), failure.detail());
            throw new OllamaActivityException(failure.failure(), failure.host(), failure.detail(), attempt, why,
                    failure);
        }
    }
}
