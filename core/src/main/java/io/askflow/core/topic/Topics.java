package io.askflow.core.topic;

import io.askflow.core.job.JobEvent;
import io.askflow.core.job.JobSubmitted;
import io.askflow.core.task.AgentTask;
import io.askflow.core.task.TaskProgress;
import io.askflow.core.task.TaskResult;
import org.apache.kafka.common.serialization.Serdes;

import java.util.List;

/**
 * The registry of Askflow's topics: the only place a topic name is written. Jobs, tasks, results
 * and progress are keyed by fingerprint, so every duplicate of a question meets on one partition;
 * job events are keyed by job id.
 */
public final class Topics {

    /** Jobs accepted by the API. */
    public static final Topic<String, JobSubmitted> JOBS =
            new Topic<>("askflow.jobs", Serdes.String(), new JsonSerde<>(JobSubmitted.class));

    /** Chain runs for the workers. */
    public static final Topic<String, AgentTask> TASKS =
            new Topic<>("askflow.tasks", Serdes.String(), new JsonSerde<>(AgentTask.class));

    /** Outcomes of chain runs. */
    public static final Topic<String, TaskResult> TASK_RESULTS =
            new Topic<>("askflow.task-results", Serdes.String(), new JsonSerde<>(TaskResult.class));

    /** Progress of running chains. */
    public static final Topic<String, TaskProgress> TASK_PROGRESS =
            new Topic<>("askflow.task-progress", Serdes.String(), new JsonSerde<>(TaskProgress.class));

    /** Every job's status changes, keyed by job id. */
    public static final Topic<String, JobEvent> JOB_EVENTS =
            new Topic<>("askflow.job-events", Serdes.String(), new JsonSerde<>(JobEvent.class));

    /** Task records that could not be read or processed, kept as they came. */
    public static final Topic<byte[], byte[]> TASKS_DEAD_LETTER =
            new Topic<>("askflow.tasks.dlt", Serdes.ByteArray(), Serdes.ByteArray());

    /** All topics, for creating them at start-up. */
    public static final List<Topic<?, ?>> ALL = List.of(JOBS, TASKS, TASK_RESULTS, TASK_PROGRESS, JOB_EVENTS,
            TASKS_DEAD_LETTER);

    private Topics() {
    }
}
