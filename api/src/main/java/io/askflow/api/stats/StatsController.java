package io.askflow.api.stats;

import io.askflow.api.auth.AdminKeyRequiredException;
import io.askflow.api.auth.Caller;
import io.askflow.api.job.InvalidJobRequestException;
import io.askflow.api.job.InvalidJobRequestException.Violation;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The figures of the dashboard's overview: jobs ended per source, latency, cache hits, tokens, the queue. */
@RestController
@RequestMapping("/v1/stats")
@Tag(name = "stats", description = "Jobs, latency, cache hits and tokens of a recent window")
@SecurityRequirement(name = "bearer")
public class StatsController {

    /** The shortest window. */
    static final Duration MIN_WINDOW = Duration.ofMinutes(1);
    /** The longest window. */
    static final Duration MAX_WINDOW = Duration.ofHours(24);
    /** The buckets a window is cut into. */
    static final int BUCKETS = 30;

    private static final Pattern WINDOW = Pattern.compile("(\\d{1,5})([smh])");

    private final StatsQueries stats;
    private final Clock clock;

    public StatsController(StatsQueries stats, Clock clock) {
        this.stats = stats;
        this.clock = clock;
    }

    @GetMapping
    @Operation(summary = "Recent figures",
            description = "The jobs that ended in the last window (1m to 24h, default 15m), in 30 buckets and in"
                    + " total: COMPLETED by source (LLM, CACHE, COALESCED: the runs coalescing saved), FAILED, the"
                    + " median and 95th percentile from submit to COMPLETED, the cache hit ratio, the tokens of the"
                    + " runs that finished and tokens per second; and the jobs QUEUED and RUNNING now. A tenant's key"
                    + " counts its own tenant; an admin key may name one with tenant, or * for every tenant. 400 for a"
                    + " malformed window, 403 for tenant with a tenant's key.")
    public StatsView stats(@Parameter(description = "The window: a number and s, m or h", example = "15m")
                           @RequestParam(name = "window", required = false) String window,
                           @Parameter(description = "Admins: the tenant, or * for all; default the caller's")
                           @RequestParam(name = "tenant", required = false) String tenant,
                           HttpServletRequest request) {
        Caller caller = Caller.of(request);
        if (tenant != null && !tenant.equals(caller.tenant()) && !caller.admin()) {
            throw new AdminKeyRequiredException("another tenant's figures");
        }
        Duration length = window == null || window.isBlank() ? Duration.ofMinutes(15) : windowOf(window);
        Duration bucket = Duration.ofSeconds((length.toSeconds() + BUCKETS - 1) / BUCKETS);
        return stats.stats(tenant == null ? caller.tenant() : tenant,
                clock.instant().truncatedTo(ChronoUnit.SECONDS), length, bucket);
    }

    static Duration windowOf(String text) {
        Matcher matcher = WINDOW.matcher(text.trim());
        Duration window = null;
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            window = switch (matcher.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            };
        }
        if (window == null || window.compareTo(MIN_WINDOW) < 0 || window.compareTo(MAX_WINDOW) > 0) {
            throw new InvalidJobRequestException(List.of(new Violation("window",
                    "must be a number and s, m or h from 1m to 24h, such as 15m; was \"" + text + "\"")));
        }
        return window;
    }
}
