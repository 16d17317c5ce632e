package io.askflow.pipeline.dedup;

import io.askflow.core.job.JobEvent;
import io.askflow.core.run.RunRequest;

/**
 * What {@link AnswerProcessor} writes: a task for the workers (key: fingerprint) or a job event
 * (key: job id). Exactly one field is set; {@link AnswerTopology} routes each to its topic.
 */
record Outbound(RunRequest task, JobEvent event) {

    Outbound {
        if ((task == null) == (event == null)) {
            throw new IllegalArgumentException("an outbound record is either a task or an event");
        }
    }

    static Outbound of(RunRequest task) {
        return new Outbound(task, null);
    }

    static Outbound of(JobEvent event) {
        return new Outbound(null, event);
    }
}
