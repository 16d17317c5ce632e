package io.askflow.workers.run;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The work of a runner thread in the consumer tests: each run is held until the test finishes it, or an interrupt stops it. */
final class HeldRuns implements RunWork {

    private final BlockingQueue<RunHandle> started = new LinkedBlockingQueue<>();

    @Override
    public void run(RunHandle handle) {
        started.add(handle);
        try {
            handle.awaitFinished(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            handle.finish(false);
        }
    }

    /** The next {@code count} runs started, in offset order; fails when they do not start within 5 s each. */
    List<RunHandle> take(int count) throws InterruptedException {
        List<RunHandle> taken = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            RunHandle handle = started.poll(5, TimeUnit.SECONDS);
            assertThat(handle).as("task %d of %d started", i + 1, count).isNotNull();
            taken.add(handle);
        }
        taken.sort(Comparator.comparingLong(handle -> handle.record().offset()));
        return taken;
    }

    /** Whether every run started has been taken. */
    boolean noneWaiting() {
        return started.isEmpty();
    }
}
