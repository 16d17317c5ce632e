package io.askflow.api.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * The API's settings ({@code askflow.api.*}).
 *
 * @param maxQuestionLength longest question accepted, in characters (default 16,000); longer ones get a 400
 * @param maxMetadataChars  largest {@code metadata} accepted, in characters of its JSON (default 16,000); larger
 *                          gets a 400: it is stored with every job and sent on every poll
 * @param maxOptionsChars   largest {@code options} accepted, in characters of its JSON (default 16,000); larger
 *                          gets a 400: they are hashed into the fingerprint and sent to Ollama with every call
 * @param maxBodyBytes      largest request body accepted (default 1 MiB); larger gets a 413, before the body is
 *                          read when its {@code Content-Length} says so, as soon as it passes the limit when chunked
 * @param defaultChain      chain used when a job names none (default {@code answer})
 * @param publishTimeout    how long a submit waits for Kafka to acknowledge the job before it answers 503 (default 5 s)
 * @param retryAfter        the {@code Retry-After} a 503 suggests (default 5 s)
 * @param fastPath          answering a cached question at the submit
 */
@Validated
@ConfigurationProperties("askflow.api")
public record ApiProperties(@DefaultValue("16000") @Min(1) int maxQuestionLength,
                            @DefaultValue("16000") @Min(2) int maxMetadataChars,
                            @DefaultValue("16000") @Min(2) int maxOptionsChars,
                            @DefaultValue("1048576") @Min(1) long maxBodyBytes,
                            @DefaultValue("answer") @NotBlank String defaultChain,
                            @DefaultValue("5s") @NotNull Duration publishTimeout,
                            @DefaultValue("5s") @NotNull Duration retryAfter,
                            @DefaultValue @Valid @NotNull FastPath fastPath) {

    /**
     * The fast path ({@code askflow.api.fast-path.*}): a submit whose cache policy is USE and whose answer is in
     * the answer cache is answered at once, 200 with the COMPLETED job (source CACHE), instead of 202. Redis
     * is asked with the short timeouts of {@code askflow.redis.*}; when it is down or slow the submit goes the
     * usual way (202), and calls are skipped for {@code askflow.cache.retry-interval} after each failure.
     *
     * @param enabled whether the API looks the answer up at the submit (default true)
     */
    public record FastPath(@DefaultValue("true") boolean enabled) {
    }
}
