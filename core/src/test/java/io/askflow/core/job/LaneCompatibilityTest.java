package io.askflow.core.job;

import io.askflow.core.json.Json;
import io.askflow.core.run.RunRequest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Records written before lanes existed read as interactive; a batch job's lane survives the topic. */
class LaneCompatibilityTest {

    @Test
    void shouldReadARecordWithoutALaneAsInteractive() {
        JobSubmitted old = Json.MAPPER.readValue("""
                {"jobId": "0192f0c4-7c1e-7a3b-9c2d-1f2e3d4c5b6a", "fingerprint": "f",
                 "request": {"question": "q", "chain": "answer", "chainVersion": "1"},
                 "submittedAt": "2026-01-01T00:00:00Z"}""", JobSubmitted.class);
        RunRequest run = Json.MAPPER.readValue("""
                {"runId": "0192f0c4-7c1e-7a3b-9c2d-1f2e3d4c5b6a", "fingerprint": "f",
                 "request": {"question": "q", "chain": "answer", "chainVersion": "1"}, "dispatch": 1}""",
                RunRequest.class);

        assertThat(old.lane()).isEqualTo(Lane.INTERACTIVE);
        assertThat(run.lane()).isEqualTo(Lane.INTERACTIVE);
    }

    @Test
    void shouldKeepTheBatchLaneThroughJson() {
        JobSubmitted old = Json.MAPPER.readValue("""
                {"jobId": "0192f0c4-7c1e-7a3b-9c2d-1f2e3d4c5b6a", "fingerprint": "f",
                 "request": {"question": "q", "chain": "answer", "chainVersion": "1"},
                 "submittedAt": "2026-01-01T00:00:00Z"}""", JobSubmitted.class);
        JobSubmitted batch = old.inLane(Lane.BATCH).ownedBy("t");

        JobSubmitted read = Json.MAPPER.readValue(Json.MAPPER.writeValueAsString(batch), JobSubmitted.class);

        assertThat(read.lane()).isEqualTo(Lane.BATCH);
        assertThat(read.tenant()).isEqualTo("t");
    }
}
