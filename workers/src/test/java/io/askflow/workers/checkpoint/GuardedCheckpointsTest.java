package io.askflow.workers.checkpoint;

import io.askflow.core.step.StepResult;
import io.askflow.core.step.TokenUsage;
import io.askflow.workers.chain.Checkpoints;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs going on without checkpoints while the store is down, counted; the store tried again after the interval. */
class GuardedCheckpointsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AtomicInteger calls = new AtomicInteger();
    private final Map<UUID, List<StepResult>> saved = new ConcurrentHashMap<>();
    private volatile boolean down;
    private volatile Instant now = Instant.parse("2026-01-01T10:00:00Z");
    private final Checkpoints store = new Checkpoints() {
        @Override
        public List<StepResult> load(UUID runId, int steps) {
            calls.incrementAndGet();
            failIfDown();
            return saved.getOrDefault(runId, List.of());
        }

        @Override
        public void save(UUID runId, StepResult step) {
            calls.incrementAndGet();
            failIfDown();
            saved.put(runId, List.of(step));
        }

        private void failIfDown() {
            if (down) {
                throw new IllegalStateException("simulated Redis outage");
            }
        }
    };
    private final GuardedCheckpoints checkpoints = new GuardedCheckpoints(store, Duration.ofSeconds(5), registry,
            () -> now);
    private final UUID runId = UUID.randomUUID();

    @Test
    void shouldSaveAndLoadWhileTheStoreAnswers() {
        checkpoints.save(runId, step(0));

        assertThat(checkpoints.load(runId, 3)).containsExactly(step(0));
        assertThat(count("save", "ok")).isEqualTo(1);
        assertThat(count("load", "ok")).isEqualTo(1);
        assertThat(registry.get(GuardedCheckpoints.UP).gauge().value()).isEqualTo(1);
    }

    @Test
    void shouldGoOnWithoutCheckpointsUntilTheRetryIntervalHasPassed() {
        down = true;

        checkpoints.save(runId, step(0));
        assertThat(checkpoints.load(runId, 3)).isEmpty();
        checkpoints.save(runId, step(1));

        assertThat(calls).as("only the first call reached the store").hasValue(1);
        assertThat(count("save", "error")).isEqualTo(1);
        assertThat(count("save", "skipped")).isEqualTo(1);
        assertThat(count("load", "skipped")).isEqualTo(1);
        assertThat(checkpoints.isUp()).isFalse();
        assertThat(registry.get(GuardedCheckpoints.UP).gauge().value()).isZero();

        down = false;
        now = now.plusSeconds(5);
        checkpoints.save(runId, step(2));

        assertThat(calls).hasValue(2);
        assertThat(count("save", "ok")).isEqualTo(1);
        assertThat(checkpoints.isUp()).isTrue();
        assertThat(registry.get(GuardedCheckpoints.UP).gauge().value()).isEqualTo(1);
    }

    private double count(String operation, String outcome) {
        return registry.get(GuardedCheckpoints.CALLS).tag("operation", operation).tag("outcome", outcome).counter()
                .count();
    }

    private static StepResult step(int index) {
        return new StepResult(index, "step-" + index, "Agent", "llama3.2", "http://gpu-1:11434", "output " + index,
                new TokenUsage(12, 34), Duration.ofMillis(1500));
    }
}
