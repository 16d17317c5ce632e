package io.askflow.api.job;

import io.askflow.core.job.JobStatus;

import java.time.Instant;

/**
 * What a page of the job list keeps; every part may be {@code null}, for no condition.
 *
 * @param status only jobs in this status
 * @param chain  only jobs of this chain
 * @param text   only jobs whose question contains this, ignoring case
 * @param from   only jobs submitted at or after this
 * @param to     only jobs submitted before this
 */
public record JobFilter(JobStatus status, String chain, String text, Instant from, Instant to) {

    /** No condition: every job. */
    public static final JobFilter NONE = new JobFilter(null, null, null, null, null);

    /** {@code text} as a {@code LIKE} pattern that matches it anywhere, its own {@code %}, {@code _} and {@code \} literal. */
    String likePattern() {
        return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }
}
