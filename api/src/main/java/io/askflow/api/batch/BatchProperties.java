package io.askflow.api.batch;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * Files and batches ({@code askflow.api.batches.*}).
 *
 * @param maxFileBytes  the largest file {@code POST /v1/files} takes (default 200 MB, OpenAI's); a larger one is a 413;
 *                      keep {@code spring.servlet.multipart.max-file-size} and {@code max-request-size} above it
 * @param maxLines      the most lines (not blank) a file may have (default 1,000,000); more is a 400
 * @param maxOpenJobs   the most jobs of one batch QUEUED or RUNNING at a time (default 200): the dispatcher adds
 *                      lines as jobs end, so a huge batch never floods Kafka, the workers' read-ahead or the tenant
 * @param tick          how often each api instance looks for batches to dispatch (default 200 ms)
 * @param lease         how long an instance holds a batch it dispatches without renewing (default 30 s); a dead
 *                      instance's batch is taken over after it
 * @param batchesPerTick the most batches one instance works on per tick (default 8)
 */
@Validated
@ConfigurationProperties("askflow.api.batches")
public record BatchProperties(@DefaultValue("209715200") @Min(1) long maxFileBytes,
                              @DefaultValue("1000000") @Min(1) long maxLines,
                              @DefaultValue("200") @Min(1) @Max(100_000) int maxOpenJobs,
                              @DefaultValue("200ms") @NotNull Duration tick,
                              @DefaultValue("30s") @NotNull Duration lease,
                              @DefaultValue("8") @Min(1) int batchesPerTick) {
}
