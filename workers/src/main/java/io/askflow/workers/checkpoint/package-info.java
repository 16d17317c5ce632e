/**
 * Chain checkpoints in Redis: every finished step of a run under {@code askflow:checkpoint:{runId}:{index}} with a
 * TTL, so that a run delivered again after a crash resumes after its last finished step
 * (see docs/adr/0004-chain-checkpoints.md). Redis being down costs the checkpoints, never the run.
 */
package io.askflow.workers.checkpoint;
