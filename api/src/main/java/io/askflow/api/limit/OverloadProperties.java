package io.askflow.api.limit;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * The bound on queued work over all tenants ({@code askflow.api.overload.*}).
 *
 * @param maxQueued    jobs QUEUED over all tenants past which a submit is refused with 503 and a Retry-After from
 *                     the estimated wait; 0 (the default) sets no bound
 * @param readEvery    how long one reading of the queue depth and the completion rate is trusted (default 1 s, at
 *                     most 1 s)
 * @param rateWindow   the recent window the completion rate is measured over (default 60 s)
 * @param maxRetryAfter the longest Retry-After given (default 5 min); also the estimate while nothing completes
 */
@Validated
@ConfigurationProperties("askflow.api.overload")
public record OverloadProperties(@DefaultValue("0") @Min(0) long maxQueued,
                                 @DefaultValue("1s") @NotNull Duration readEvery,
                                 @DefaultValue("60s") @NotNull Duration rateWindow,
                                 @DefaultValue("5m") @NotNull Duration maxRetryAfter) {

    public OverloadProperties {
        if (readEvery != null && (readEvery.isNegative() || readEvery.compareTo(Duration.ofSeconds(1)) > 0)) {
            throw new IllegalArgumentException("askflow.api.overload.read-every must be within 0..1s, was "
                    + readEvery);
        }
        if (rateWindow != null && rateWindow.toSeconds() < 1) {
            throw new IllegalArgumentException("askflow.api.overload.rate-window must be at least 1s, was "
                    + rateWindow);
        }
        if (maxRetryAfter != null && maxRetryAfter.toSeconds() < 1) {
            throw new IllegalArgumentException("askflow.api.overload.max-retry-after must be at least 1s, was "
                    + maxRetryAfter);
        }
    }
}
