package io.askflow.workers.config;

import io.askflow.core.chain.ChainCatalog;
import io.askflow.workers.run.TenantWeights;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;

/**
 * The workers' settings ({@code askflow.workers.*}). How many tasks a worker runs at once is not a setting:
 * it is the sum of its Ollama slots.
 *
 * @param defaultModel     the model of a step when neither the agent, the job nor the chain names one
 *                         (default {@code llama3.2})
 * @param numPredict       the most tokens one step may generate (default 1024): a job or agent asking for more,
 *                         or for no limit, gets this
 * @param chainDeadline    the longest one chain run may take on this worker, all steps, retries and waits for a
 *                         slot included (default 12 min); each step also has the step deadline
 *                         {@code askflow.ollama.deadline}. Keep it below the pipeline's
 *                         {@code askflow.pipeline.runs.deadline} (15 min), so that a run started soon after its
 *                         dispatch answers before the pipeline sends it again. It cannot rule a second dispatch
 *                         out: the pipeline's deadline also counts the time the task waited in Kafka, this one
 *                         starts when the worker takes the task (a second copy resumes from the checkpoints)
 * @param groupId          the Kafka consumer group (default {@code askflow-workers})
 * @param workerId         this worker's name in results and progress (default: host name and process id)
 * @param publishTimeout   how long a result may wait for Kafka's acknowledgement before it is published again
 *                         (default 30 s)
 * @param maxPollInterval  Kafka's {@code max.poll.interval.ms} (default 5 min): the consumer polls every 100 ms
 *                         whatever its tasks do, so this no longer bounds how long a task may run
 * @param recentResults    results kept to publish again, not recompute, when a task is delivered again
 *                         (default 256)
 * @param checkpoints      the chain checkpoints, in the Redis of {@code askflow.redis.*}
 * @param readAhead        tasks read beyond the running ones and held in memory, waiting for a slot (default
 *                         20,000): the pool the tenant-fair pick chooses from. A tenant's task further back in
 *                         its partition than this waits in Kafka, first come first served. 20,000 run requests
 *                         of a few hundred bytes each take some tens of MB of heap; 0 reads only what can start
 * @param tenantWeights    each tenant's weight in the share of the slots ({@code tenant-weights.<tenant>: N},
 *                         at least 1); a tenant not named weighs 1
 * @param maxTaskAge       the oldest a task may be, counted from when the pipeline created its run, for this worker
 *                         to run it (default 45 min: the pipeline's {@code runs.deadline} × {@code max-dispatches},
 *                         after which it has failed the run's waiters anyway); an older task is answered FAILED
 *                         with {@code RUN_EXPIRED} without being run
 */
@Validated
@ConfigurationProperties("askflow.workers")
public record WorkersProperties(@DefaultValue(ChainCatalog.DEFAULT_MODEL) @NotBlank String defaultModel,
                                @DefaultValue("1024") @Min(1) int numPredict,
                                @DefaultValue("12m") @NotNull Duration chainDeadline,
                                @DefaultValue("askflow-workers") @NotBlank String groupId,
                                String workerId,
                                @DefaultValue("30s") @NotNull Duration publishTimeout,
                                @DefaultValue("5m") @NotNull Duration maxPollInterval,
                                @DefaultValue("256") @Min(0) int recentResults,
                                @DefaultValue @Valid @NotNull Checkpoints checkpoints,
                                @DefaultValue("20000") @Min(0) int readAhead,
                                Map<String, Integer> tenantWeights,
                                @DefaultValue("45m") @NotNull Duration maxTaskAge) {

    public WorkersProperties {
        workerId = workerId == null || workerId.isBlank() ? defaultWorkerId() : workerId.strip();
        tenantWeights = new TenantWeights(tenantWeights).weights();
        OllamaProperties.positive("askflow.workers.chain-deadline", chainDeadline);
        OllamaProperties.positive("askflow.workers.publish-timeout", publishTimeout);
        OllamaProperties.positive("askflow.workers.max-poll-interval", maxPollInterval);
        OllamaProperties.positive("askflow.workers.max-task-age", maxTaskAge);
        if (maxPollInterval != null && maxPollInterval.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("askflow.workers.max-poll-interval must be under 24 days, was "
                    + maxPollInterval);
        }
    }

    private static String defaultWorkerId() {
        String host = System.getenv().getOrDefault("HOSTNAME", "");
        if (host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "worker";
            }
        }
        return host + "-" + ProcessHandle.current().pid();
    }

    /**
     * The chain checkpoints ({@code askflow.workers.checkpoints.*}), kept in the Redis of {@code askflow.redis.*}.
     *
     * @param enabled       whether finished steps are recorded and reused (default true)
     * @param ttl           how long a step stays recorded (default 24 h): longer than any run may wait to be
     *                      delivered again
     * @param retryInterval how long Redis is left alone after a failed call, the runs going on without
     *                      checkpoints meanwhile (default 5 s)
     */
    public record Checkpoints(@DefaultValue("true") boolean enabled,
                              @DefaultValue("24h") @NotNull Duration ttl,
                              @DefaultValue("5s") @NotNull Duration retryInterval) {

        public Checkpoints {
            if (ttl != null && ttl.toSeconds() < 1) {
                throw new IllegalArgumentException("askflow.workers.checkpoints.ttl must be at least 1s, was " + ttl);
            }
            if (retryInterval != null && retryInterval.isNegative()) {
                throw new IllegalArgumentException("askflow.workers.checkpoints.retry-interval must not be negative,"
                        + " was " + retryInterval);
            }
        }
    }
}
