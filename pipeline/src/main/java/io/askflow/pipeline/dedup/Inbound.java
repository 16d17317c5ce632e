package io.askflow.pipeline.dedup;

import io.askflow.core.job.JobSubmitted;
import io.askflow.core.run.RunProgress;
import io.askflow.core.run.RunResult;

/**
 * What {@link AnswerProcessor} reads: a submitted job, a run's progress or a run's result, merged into one stream
 * so one processor owns the stores. Exactly one field is set.
 */
record Inbound(JobSubmitted job, RunProgress progress, RunResult result) {

    Inbound {
        if ((job != null ? 1 : 0) + (progress != null ? 1 : 0) + (result != null ? 1 : 0) != 1) {
            throw new IllegalArgumentException("an inbound record is a job, a progress or a result");
        }
    }

    static Inbound of(JobSubmitted job) {
        return new Inbound(job, null, null);
    }

    static Inbound of(RunProgress progress) {
        return new Inbound(null, progress, null);
    }

    static Inbound of(RunResult result) {
        return new Inbound(null, null, result);
    }
}
