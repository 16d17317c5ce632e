/**
 * The error catalog ({@link io.askflow.core.error.ErrorCode}) and the error a failed job carries
 * ({@link io.askflow.core.error.JobError}): one vocabulary for the topology, the workers, the sinks and the API.
 */
package io.askflow.core.error;
