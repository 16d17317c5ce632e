package io.askflow.api.events;

import io.askflow.core.job.JobEvent;
import io.askflow.core.json.Json;
import io.askflow.core.run.RunProgress;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One event of a job's stream, as sent: {@code id:}, {@code event:} ({@value #STATUS} or {@value #PROGRESS}) and
 * {@code data:} (one line of JSON).
 *
 * @param id   its id and place in the job's order
 * @param name {@value #STATUS} (data: the {@link JobEvent}, as on {@code askflow.job-events}) or {@value #PROGRESS}
 *             (data: a {@link Progress})
 * @param data the JSON sent
 */
public record StreamEvent(EventId id, String name, String data) {

    /** The name of status events. */
    public static final String STATUS = "status";
    /** The name of progress events. */
    public static final String PROGRESS = "progress";

    public StreamEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(data, "data");
    }

    /** A status event: the job event as the topic carries it. */
    public static StreamEvent of(JobEvent event) {
        return new StreamEvent(EventId.of(event.status()), STATUS, Json.MAPPER.writeValueAsString(event));
    }

    /** A progress event of the job's run. */
    public static StreamEvent of(RunProgress progress) {
        Progress data = new Progress(progress.runId(), progress.stepsDone(), progress.stepsTotal(),
                progress.currentStep(), progress.at());
        return new StreamEvent(EventId.progress(progress.stepsDone()), PROGRESS, Json.MAPPER.writeValueAsString(data));
    }

    /**
     * The data of a progress event: step {@code stepsDone + 1} of {@code stepsTotal} is running.
     *
     * @param runId       the run that answers the job (shared by the jobs that wait for the same question)
     * @param stepsDone   steps finished (0: the run started)
     * @param stepsTotal  steps of the chain
     * @param currentStep the step now running, or {@code null} once all are done
     * @param at          when the worker reported it
     */
    public record Progress(UUID runId, int stepsDone, int stepsTotal, String currentStep, Instant at) {
    }
}
