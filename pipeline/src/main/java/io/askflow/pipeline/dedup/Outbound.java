package io.askflow.pipeline.dedup;

import io.askflow.core.job.JobEvent;
import io.askflow.core.run.RunRequest;
import io.askflow.core.run.RunResult;

/**
 * What {@link AnswerProcessor} writes: a run request for the workers (key: fingerprint), a job event (key: job
 * id), or the result of a run the pipeline gave up (key: fingerprint). Exactly one field is set;
 * {@link AnswerTopology} routes each to its topic.
 */
record Outbound(RunRequest request, JobEvent event, RunResult givenUp) {

    Outbound {
        if ((request != null ? 1 : 0) + (event != null ? 1 : 0) + (givenUp != null ? 1 : 0) != 1) {
            throw new IllegalArgumentException("an outbound record is a run request, an event or a given-up result");
        }
    }

    static Outbound of(RunRequest request) {
        return new Outbound(request, null, null);
    }

    static Outbound of(JobEvent event) {
        return new Outbound(null, event, null);
    }

    static Outbound of(RunResult givenUp) {
        return new Outbound(null, null, givenUp);
    }
}
