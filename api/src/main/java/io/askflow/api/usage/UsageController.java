package io.askflow.api.usage;

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

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** A tenant's tokens and GPU seconds per day: its own for a tenant's key, any tenant's for an admin. */
@RestController
@RequestMapping("/v1/usage")
@Tag(name = "usage", description = "Tokens and GPU time per tenant and day")
@SecurityRequirement(name = "bearer")
public class UsageController {

    /** The most days one request covers. */
    static final int MAX_DAYS = 366;

    private final UsageQueries usage;

    public UsageController(UsageQueries usage) {
        this.usage = usage;
    }

    @GetMapping
    @Operation(summary = "Usage per day",
            description = "Per UTC day from from to to (both included, at most 366 days): runs started, prompt and"
                    + " completion tokens of their steps and GPU seconds (the steps' durations summed), and the"
                    + " total. A tenant's key sees its own tenant; an admin key may name one with tenant. 400 for a"
                    + " malformed or reversed range, 403 for tenant with a tenant's key.")
    public UsageView usage(@Parameter(description = "First day, YYYY-MM-DD", example = "2026-12-01")
                           @RequestParam("from") String from,
                           @Parameter(description = "Last day, YYYY-MM-DD", example = "2026-12-04")
                           @RequestParam("to") String to,
                           @Parameter(description = "Admins: the tenant; default the caller's")
                           @RequestParam(name = "tenant", required = false) String tenant,
                           HttpServletRequest request) {
        Caller caller = Caller.of(request);
        if (tenant != null && !tenant.equals(caller.tenant()) && !caller.admin()) {
            throw new AdminKeyRequiredException("another tenant's usage");
        }
        LocalDate first = day("from", from);
        LocalDate last = day("to", to);
        if (last.isBefore(first) || ChronoUnit.DAYS.between(first, last) >= MAX_DAYS) {
            throw new InvalidJobRequestException(List.of(new Violation("to", "must be from " + first + " to "
                    + first.plusDays(MAX_DAYS - 1) + " (at most " + MAX_DAYS + " days), was " + last)));
        }
        String whose = tenant == null ? caller.tenant() : tenant;
        List<UsageView.Day> days = usage.days(whose, first, last);
        UsageView.Totals total = days.stream().map(UsageView.Day::totals)
                .reduce(UsageView.Totals.ZERO, UsageView.Totals::plus);
        return new UsageView(whose, first, last, days, total);
    }

    private static LocalDate day(String field, String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidJobRequestException(List.of(new Violation(field, "must be a day as YYYY-MM-DD, was \""
                    + text + "\"")));
        }
    }
}
