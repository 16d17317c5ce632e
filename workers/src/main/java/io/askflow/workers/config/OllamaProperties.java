package io.askflow.workers.config;

import io.askflow.workers.ollama.CoolDown;
import io.askflow.workers.ollama.RetryPolicy;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;
import java.util.List;

/**
 * How the workers reach Ollama ({@code askflow.ollama.*}).
 *
 * @param url            the Ollama host when {@code hosts} is empty (default {@code http://localhost:11434})
 * @param slots          calls in flight to {@code url} at once when {@code hosts} is empty (default 4); match the
 *                       host's {@code OLLAMA_NUM_PARALLEL}
 * @param hosts          several Ollama hosts, each with its slots; when set, {@code url} and {@code slots} are
 *                       ignored and each call goes to the least busy host with a free slot
 * @param requestTimeout the longest one attempt may take, answer headers and body (default 5 min; a chain
 *                       step needs minutes, not the 10 s of common client defaults)
 * @param maxAttempts    attempts per call, the first included (default 3); 404 model not found and other
 *                       refusals get one attempt only
 * @param backoff        the pause between attempts
 * @param deadline       the step deadline: time budget of one chain step, all attempts, pauses and waits for a
 *                       slot included (default 15 min); an attempt still running then is cut off
 * @param coolDown       how long a host that failed (busy, unreachable, timed out, broken) takes no calls
 *                       (default 5 s; 0 turns cool-downs off); doubled for every further failure in a row
 * @param coolDownMax    the longest cool-down (default 1 min)
 */
@Validated
@ConfigurationProperties("askflow.ollama")
public record OllamaProperties(@DefaultValue("http://localhost:11434") @NotBlank String url,
                               @DefaultValue("4") @Min(1) int slots,
                               List<@Valid Host> hosts,
                               @DefaultValue("5m") @NotNull Duration requestTimeout,
                               @DefaultValue("3") @Min(1) int maxAttempts,
                               @DefaultValue @Valid @NotNull Backoff backoff,
                               @DefaultValue("15m") @NotNull Duration deadline,
                               @DefaultValue("5s") @NotNull Duration coolDown,
                               @DefaultValue("1m") @NotNull Duration coolDownMax) {

    public OllamaProperties {
        hosts = hosts == null ? List.of() : List.copyOf(hosts);
        positive("askflow.ollama.request-timeout", requestTimeout);
        positive("askflow.ollama.deadline", deadline);
        if (coolDown != null && coolDownMax != null && (coolDown.isNegative() || coolDownMax.compareTo(coolDown) < 0)) {
            throw new IllegalArgumentException("askflow.ollama needs 0 <= cool-down <= cool-down-max, was " + coolDown
                    + " and " + coolDownMax);
        }
    }

    /** The hosts to use: {@code hosts}, or {@code url} with {@code slots} when none are listed. */
    public List<Host> effectiveHosts() {
        return hosts.isEmpty() ? List.of(new Host(url, slots)) : hosts;
    }

    /** The retry policy of one call. */
    public RetryPolicy retryPolicy() {
        return new RetryPolicy(maxAttempts, requestTimeout, backoff.initial(), backoff.max(), backoff.multiplier(),
                backoff.jitter(), deadline);
    }

    /** The cool-down of a failing host. */
    public CoolDown hostCoolDown() {
        return new CoolDown(coolDown, coolDownMax);
    }

    static void positive(String name, Duration value) {
        if (value != null && (value.isNegative() || value.isZero())) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }

    /**
     * One Ollama host ({@code askflow.ollama.hosts[i].*}).
     *
     * @param url   its base URL, e.g. {@code http://gpu-1:11434}
     * @param slots calls in flight to it at once from this worker (default 4); match its {@code OLLAMA_NUM_PARALLEL}
     *              divided by the number of workers
     */
    public record Host(@NotBlank String url, @DefaultValue("4") @Min(1) int slots) {
    }

    /**
     * The pause between attempts ({@code askflow.ollama.backoff.*}): exponential, capped, with jitter.
     *
     * @param initial    pause after the first failed attempt (default 1 s)
     * @param max        longest pause (default 30 s)
     * @param multiplier growth from one pause to the next (default 2)
     * @param jitter     share of each pause drawn at random, 0 to 1 (default 0.5)
     */
    public record Backoff(@DefaultValue("1s") @NotNull Duration initial,
                          @DefaultValue("30s") @NotNull Duration max,
                          @DefaultValue("2") @DecimalMin("1") double multiplier,
                          @DefaultValue("0.5") @DecimalMin("0") @DecimalMax("1") double jitter) {

        public Backoff {
            if (initial != null && max != null && (initial.isNegative() || max.compareTo(initial) < 0)) {
                throw new IllegalArgumentException("askflow.ollama.backoff needs 0 <= initial <= max, was " + initial
                        + " and " + max);
            }
        }
    }
}
