package io.askflow.core.job;

/** Where a job's answer comes from. */
public enum JobSource {
    /** A chain run started for this job. */
    LLM,
    /** The answer cache already held the answer. */
    CACHE,
    /** The job waited on a run that an identical job had already started. */
    COALESCED
}
