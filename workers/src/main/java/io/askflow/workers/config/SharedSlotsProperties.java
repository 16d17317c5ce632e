package io.askflow.workers.config;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * A slot budget per Ollama host shared by every worker in Redis ({@code askflow.ollama.shared-slots.*}, ADR 20).
 *
 * @param enabled         take each call's slot from the shared budget too (default false: local slots only)
 * @param leaseTtl        how long a lease lives unless given back (default 20 min): longer than any call, and how
 *                        long a crashed worker's slots stay taken
 * @param expectedWorkers workers sharing the hosts (default 1): while Redis fails, each takes slots / this
 */
@Validated
@ConfigurationProperties("askflow.ollama.shared-slots")
public record SharedSlotsProperties(@DefaultValue("false") boolean enabled,
                                    @DefaultValue("20m") @NotNull Duration leaseTtl,
                                    @DefaultValue("1") @Min(1) int expectedWorkers) {

    /** Whether the lease lives at least a second. */
    @AssertTrue(message = "lease-ttl must be at least 1s")
    public boolean isLeaseTtlInRange() {
        return leaseTtl == null || leaseTtl.toMillis() >= 1000;
    }
}
