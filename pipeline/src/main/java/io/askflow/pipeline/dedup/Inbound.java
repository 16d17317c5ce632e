package io.askflow.pipeline.dedup;

import io.askflow.core.job.JobSubmitted;
import io.askflow.core.run.RunResult;

/**
 * What {@link AnswerProcessor} reads: a submitted job or a task result, merged into one stream so
 * one processor owns both stores. Exactly one field is set.
 */
record Inbound(JobSubmitted job, RunResult result) {

    Inbound {
        if ((job == null) == (result == null)) {
            throw new IllegalArgumentException("an inbound record is either a job or a result");
        }
    }

    static Inbound of(JobSubmitted job) {
        return new Inbound(job, null);
    }

    static Inbound of(RunResult result) {
        return new Inbound(null, result);
    }
}
