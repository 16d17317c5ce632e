package io.askflow.api.job;

import org.springframework.stereotype.Component;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * Makes job ids: RFC 9562 version 7 UUIDs, time-ordered (good for index locality) and unguessable
 * (74 random bits from a {@link SecureRandom}).
 */
@Component
public final class JobIds {

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public JobIds(Clock clock) {
        this.clock = clock;
    }

    public UUID next() {
        long millis = clock.millis();
        long randA = random.nextInt(1 << 12);
        long msb = (millis << 16) | (0x7L << 12) | randA;
        long lsb = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb);
    }

    /** The lowest id made at {@code at}: every job submitted at or after it has an id at or above it. */
    public static UUID lowest(Instant at) {
        return new UUID((at.toEpochMilli() << 16) | (0x7L << 12), 0x8000_0000_0000_0000L);
    }
}
