package io.askflow.api.job;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class JobIdsTest {

    @Test
    void shouldMakeVersionSevenUuidsThatCarryTheTime() {
        Instant now = Instant.parse("2026-11-25T01:02:03.456Z");
        UUID id = new JobIds(Clock.fixed(now, ZoneOffset.UTC)).next();

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(now.toEpochMilli());
    }

    @Test
    void shouldOrderByTimeAndNeverRepeat() {
        JobIds ids = new JobIds(Clock.systemUTC());
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            assertThat(seen.add(ids.next())).isTrue();
        }
        UUID early = new JobIds(Clock.fixed(Instant.ofEpochMilli(1_000), ZoneOffset.UTC)).next();
        UUID late = new JobIds(Clock.fixed(Instant.ofEpochMilli(2_000), ZoneOffset.UTC)).next();
        assertThat(early.toString()).isLessThan(late.toString());
    }
}
