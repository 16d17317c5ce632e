package io.askflow.core.topic;

import io.askflow.core.job.CachePolicy;
import io.askflow.core.error.JobError;
import io.askflow.core.job.JobRequest;
import io.askflow.core.job.JobSubmitted;
import io.askflow.core.run.RunProgress;
import io.askflow.core.step.StepResult;
import io.askflow.core.run.RunResult;
import io.askflow.core.step.TokenUsage;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopicsTest {

    @Test
    void shouldRoundTripAJobThroughItsSerde() {
        JobSubmitted job = new JobSubmitted(UUID.randomUUID(), "f".repeat(64),
                new JobRequest("q?", "llama3.2", "answer", "v1", Map.of("temperature", 0.5)),
                new CachePolicy(CachePolicy.Mode.REFRESH, 60), Map.of("user", "u1"), Instant.parse("2026-01-01T00:00:00Z"));

        byte[] bytes = Topics.JOBS.valueSerde().serializer().serialize(Topics.JOBS.name(), job);

        assertThat(Topics.JOBS.valueSerde().deserializer().deserialize(Topics.JOBS.name(), bytes)).isEqualTo(job);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("\"submittedAt\":\"2026-01-01T00:00:00Z\"");
    }

    @Test
    void shouldRoundTripAResultWithStepsAndDurations() {
        RunResult result = new RunResult(UUID.randomUUID(), "a".repeat(64), null, new JobError("X", "boom", 3),
                List.of(new StepResult(0, "research", "Researcher", "llama3.2", "h1", "out", new TokenUsage(3, 4),
                        Duration.ofMillis(1500))), new TokenUsage(3, 4), "w1", Instant.EPOCH, Instant.EPOCH);

        byte[] bytes = Topics.RUN_RESULTS.valueSerde().serializer().serialize("t", result);

        assertThat(Topics.RUN_RESULTS.valueSerde().deserializer().deserialize("t", bytes)).isEqualTo(result);
    }

    @Test
    void shouldCarryARunsTenantAndReadRecordsWithoutOneAsTheDefaultTenant() {
        RunResult result = new RunResult(UUID.randomUUID(), "a".repeat(64), "answer", null, List.of(),
                new TokenUsage(3, 4), "w1", Instant.EPOCH, Instant.EPOCH, "acme");
        byte[] bytes = Topics.RUN_RESULTS.valueSerde().serializer().serialize("t", result);
        String oldResult = "{\"runId\":\"" + result.runId() + "\",\"fingerprint\":\"f\",\"answer\":\"a\"}";
        String oldProgress = "{\"runId\":\"" + result.runId() + "\",\"fingerprint\":\"f\",\"stepsDone\":1,"
                + "\"stepsTotal\":2,\"worker\":\"w1\"}";

        assertThat(Topics.RUN_RESULTS.valueSerde().deserializer().deserialize("t", bytes).tenant()).isEqualTo("acme");
        assertThat(Topics.RUN_RESULTS.valueSerde().deserializer().deserialize("t",
                oldResult.getBytes(StandardCharsets.UTF_8)).tenant()).isEqualTo("default");
        RunProgress progress = Topics.RUN_PROGRESS.valueSerde().deserializer().deserialize("t",
                oldProgress.getBytes(StandardCharsets.UTF_8));
        assertThat(progress.tenant()).isEqualTo("default");
        assertThat(progress.stepsDone()).isEqualTo(1);
    }

    @Test
    void shouldRejectUnreadableBytesWithASerializationException() {
        byte[] garbage = "not json".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> Topics.JOBS.valueSerde().deserializer().deserialize("askflow.jobs", garbage))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("JobSubmitted");
    }

    @Test
    void shouldNameEveryTopicOnce() {
        assertThat(Topics.ALL).extracting(Topic::name).doesNotHaveDuplicates().allMatch(n -> n.startsWith("askflow."));
    }
}
