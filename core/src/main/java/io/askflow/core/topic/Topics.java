package io.askflow.core.topic;

import io.askflow.core.job.JobEvent;
import io.askflow.core.job.JobSubmitted;
import io.askflow.core.run.RunRequest;
import io.askflow.core.run.RunProgress;
import io.askflow.core.run.RunResult;
import org.apache.kafka.common.serialization.Serdes;

import java.util.List;

/**
 * The registry of Askflow's topics: the only place a topic name is written. Jobs, run requests, run
 * results and run progress are keyed by fingerprint, so every duplicate of a question meets on one
 * partition; job events are keyed by job id.
 *
 * <p>The run topics keep the names they were created with ({@code askflow.tasks}, {@code askflow.task-results},
 * {@code askflow.task-progress}, {@code askflow.tasks.dlt}): a rename would strand the records and committed
 * offsets of running clusters. The Java names say what the records are; docs/architecture.md has the plan for
 * moving the topic names if that is ever worth it.
 */
public final class Topics {

    /** Jobs accepted by the API. */
    public static final Topic<String, JobSubmitted> JOBS =
            new Topic<>("askflow.jobs", Serdes.String(), new JsonSerde<>(JobSubmitted.class));

    /** Chain runs for the workers (run requests). */
    public static final Topic<String, RunRequest> RUNS =
            new Topic<>("askflow.tasks", Serdes.String(), new JsonSerde<>(RunRequest.class));

    /** Outcomes of chain runs. */
    public static final Topic<String, RunResult> RUN_RESULTS =
            new Topic<>("askflow.task-results", Serdes.String(), new JsonSerde<>(RunResult.class));

    /** Progress of running chains. */
    public static final Topic<String, RunProgress> RUN_PROGRESS =
            new Topic<>("askflow.task-progress", Serdes.String(), new JsonSerde<>(RunProgress.class));

    /** Every job's status changes, keyed by job id. */
    public static final Topic<String, JobEvent> JOB_EVENTS =
            new Topic<>("askflow.job-events", Serdes.String(), new JsonSerde<>(JobEvent.class));

    /** Run requests that could not be read or processed, kept as they came. */
    public static final Topic<byte[], byte[]> RUNS_DEAD_LETTER =
            new Topic<>("askflow.tasks.dlt", Serdes.ByteArray(), Serdes.ByteArray());

    /**
     * The pipeline's default dead-letter topic: records its Streams app could not deserialize or process, kept with
     * Kafka Streams' {@code __streams.errors.*} headers. Created by the pipeline itself (it may be renamed with
     * {@code askflow.pipeline.streams.dead-letter-topic}), so it is not in {@link #ALL}.
     */
    public static final Topic<String, byte[]> PIPELINE_DEAD_LETTER =
            new Topic<>("askflow.pipeline.dlt", Serdes.String(), Serdes.ByteArray());

    /** All topics, for creating them at start-up. */
    public static final List<Topic<?, ?>> ALL = List.of(JOBS, RUNS, RUN_RESULTS, RUN_PROGRESS, JOB_EVENTS,
            RUNS_DEAD_LETTER);

    private Topics() {
    }
}
