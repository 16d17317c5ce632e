package io.askflow.testing;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;

import io.askflow.testing.kafka.EmbeddedKafkaPart;
import io.askflow.testing.postgres.EmbeddedPostgresPart;
import io.askflow.testing.redis.EmbeddedRedisPart;
import io.askflow.testing.support.InfraPart;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures how long each embedded part takes to start and stop, one after another and then all
 * side by side. Not part of the normal build (the name matches no surefire pattern); run it with
 *
 * <pre>
 * mvn -o -pl infra/testing test-compile surefire:test -Dtest=StartTimesMeasurement \
 *     -Dsurefire.failIfNoSpecifiedTests=false
 * grep MEASURE infra/testing/target/surefire-reports/*StartTimesMeasurement-output.txt
 * </pre>
 */
class StartTimesMeasurement {

    private static final Logger log = LoggerFactory.getLogger(StartTimesMeasurement.class);
    private static final int ROUNDS = 3;

    @Test
    void measure() {
        for (int round = 1; round <= ROUNDS; round++) {
            time(round, "postgres", EmbeddedPostgresPart::start);
            time(round, "redis", EmbeddedRedisPart::start);
            time(round, "kafka", EmbeddedKafkaPart::start);
        }
        for (int round = 1; round <= 2; round++) {
            long begin = System.nanoTime();
            Infrastructure infra = Infrastructures.embedded();
            long started = System.nanoTime();
            infra.close();
            log.info("MEASURE round {} all three side by side: start {} close {} (each: {})", round,
                    seconds(started - begin), seconds(System.nanoTime() - started), infra.startTimes());
        }
    }

    private static void time(int round, String name, Supplier<? extends InfraPart> starter) {
        long begin = System.nanoTime();
        InfraPart part = starter.get();
        long started = System.nanoTime();
        part.close();
        log.info("MEASURE round {} {}: start {} close {}", round, name, seconds(started - begin),
                seconds(System.nanoTime() - started));
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.2f s", Duration.ofNanos(nanos).toMillis() / 1000.0);
    }
}
