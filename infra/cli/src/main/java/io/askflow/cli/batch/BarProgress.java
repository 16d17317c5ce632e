package io.askflow.cli.batch;

import io.askflow.cli.client.Json;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import tools.jackson.databind.JsonNode;

import java.io.PrintStream;

/**
 * Progress as a bar on the terminal (progressbar, which measures the width with JLine): lines done (completed
 * and failed) of the total, the rate, the ETA, and the status with the failed count beside it.
 */
final class BarProgress implements BatchProgress {

    private final PrintStream terminal;
    private ProgressBar bar;

    BarProgress(PrintStream terminal) {
        this.terminal = terminal;
    }

    @Override
    public void show(JsonNode batch) {
        if (bar == null) {
            bar = new ProgressBarBuilder()
                    .setTaskName("batch " + Json.text(batch, "id"))
                    .setInitialMax(Math.max(BatchFormat.total(batch), 1))
                    .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                    .setConsumer(new ConsoleProgressBarConsumer(terminal))
                    .setUnit(" lines", 1)
                    .showSpeed()
                    .setUpdateIntervalMillis(250)
                    .build();
        }
        long total = BatchFormat.total(batch);
        if (total > 0) {
            bar.maxHint(total);
        }
        bar.stepTo(BatchFormat.completed(batch) + BatchFormat.failed(batch));
        bar.setExtraMessage(" " + BatchFormat.status(batch) + ", " + BatchFormat.failed(batch) + " failed");
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
