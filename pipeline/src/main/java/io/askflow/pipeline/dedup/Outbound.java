package io.askflow.pipeline.dedup;

import io.askflow.core.job.JobEvent;
import io.askflow.core.run.RunRequest;
import io.askflow.core.run.RunResult;

/**
 * What {@link AnswerProcessor} writes: a run request for the workers (key: fingerprint), a job event (key: job
 * id), the result of a run the pipeline gave up (key: fingerprint), or a dead letter: the serialized value of an
 * inbound record the processor could not process (its key as it came, the reason in the record's headers).
 * Exactly one field is set; {@link AnswerTopology} routes each to its topic.
 */
record Outbound(RunRequest request, JobEvent event, RunResult givenUp, byte[] deadLetter) {

    Outbound {
        if ((request != null ? 1 : 0) + (event != null ? 1 : 0) + (givenUp != null ? 1 : 0)
                + (deadLetter != null ? 1 : 0) != 1) {
            throw new IllegalArgumentException(
                    "an outbound record is a run request, an event, a given-up result or a dead letter");
        }
    }

    static Outbound of(RunRequest request) {
        return new Outbound(request, null, null, null);
    }

    static Outbound of(JobEvent event) {
        return new Outbound(null, event, null, null);
    }

    static Outbound of(RunResult givenUp) {
        return new Outbound(null, null, givenUp, null);
    }

    static Outbound deadLetter(byte[] value) {
        return new Outbound(null, null, null, value);
    }
}
