package io.askflow.api.usage;

import java.time.LocalDate;
import java.util.List;

/**
 * A tenant's use of the GPUs from {@code from} to {@code to} (UTC days, both included): runs it started, by day.
 *
 * @param tenant the tenant
 * @param from   the first day
 * @param to     the last day
 * @param days   the days with runs, in order (days without are left out)
 * @param total  the sum over the days
 */
public record UsageView(String tenant, LocalDate from, LocalDate to, List<Day> days, Totals total) {

    /**
     * One UTC day.
     *
     * @param day    the day
     * @param totals what the tenant's runs that started on it used
     */
    public record Day(LocalDate day, Totals totals) {
    }

    /**
     * Tokens and GPU time.
     *
     * @param runs             runs started
     * @param promptTokens     prompt tokens of their steps
     * @param completionTokens completion tokens of their steps
     * @param gpuSeconds       the steps' durations, summed, in seconds: the time a GPU slot was held
     */
    public record Totals(long runs, long promptTokens, long completionTokens, double gpuSeconds) {

        static final Totals ZERO = new Totals(0, 0, 0, 0);

        Totals plus(Totals other) {
            return new Totals(runs + other.runs, promptTokens + other.promptTokens,
                    completionTokens + other.completionTokens, gpuSeconds + other.gpuSeconds);
        }
    }
}
