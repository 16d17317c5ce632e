package io.askflow.cli.batch;

import io.askflow.cli.client.Durations;
import io.askflow.cli.client.Json;
import tools.jackson.databind.JsonNode;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Progress as plain lines, for logs and pipes: one when the batch is first seen, one when its status changes,
 * one every {@code every} while it runs, and the last state when it ends:
 * {@code batch batch_42 in_progress: 40/100 done (38 completed, 2 failed), 12.5 lines/s, ETA 5s}.
 */
final class PlainProgress implements BatchProgress {

    private final PrintWriter out;
    private final Supplier<Instant> clock;
    private final Duration every;
    private Instant start;
    private long doneAtStart;
    private Instant printedAt;
    private String printedStatus;
    private JsonNode last;
    private boolean lastPrinted;

    PlainProgress(PrintWriter out, Supplier<Instant> clock, Duration every) {
        this.out = out;
        this.clock = clock;
        this.every = every;
    }

    @Override
    public void show(JsonNode batch) {
        Instant now = clock.get();
        if (start == null) {
            start = now;
            doneAtStart = done(batch);
        }
        last = batch;
        boolean statusChanged = !BatchFormat.status(batch).equals(printedStatus);
        if (printedAt == null || statusChanged || !now.isBefore(printedAt.plus(every))) {
            print(batch, now);
        } else {
            lastPrinted = false;
        }
    }

    @Override
    public void close() {
        if (last != null && !lastPrinted) {
            print(last, clock.get());
        }
    }

    /** The line for the batch as seen at {@code now}. */
    String line(JsonNode batch, Instant now) {
        long done = done(batch);
        long total = BatchFormat.total(batch);
        StringBuilder line = new StringBuilder("batch ").append(Json.text(batch, "id")).append(' ')
                .append(BatchFormat.status(batch)).append(": ").append(done).append('/').append(total)
                .append(" done (").append(BatchFormat.completed(batch)).append(" completed, ")
                .append(BatchFormat.failed(batch)).append(" failed)");
        double seconds = Duration.between(start, now).toMillis() / 1000.0;
        if (seconds > 0 && done > doneAtStart) {
            double rate = (done - doneAtStart) / seconds;
            line.append(String.format(Locale.ROOT, ", %.1f lines/s", rate));
            if (!BatchFormat.ended(batch) && total > done) {
                line.append(", ETA ").append(Durations.format(Duration.ofMillis((long) ((total - done) / rate * 1000))));
            }
        }
        return line.toString();
    }

    private void print(JsonNode batch, Instant now) {
        out.println(line(batch, now));
        out.flush();
        printedAt = now;
        printedStatus = BatchFormat.status(batch);
        lastPrinted = true;
    }

    private static long done(JsonNode batch) {
        return BatchFormat.completed(batch) + BatchFormat.failed(batch);
    }
}
