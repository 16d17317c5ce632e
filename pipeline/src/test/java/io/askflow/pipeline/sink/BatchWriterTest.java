package io.askflow.pipeline.sink;

import io.askflow.pipeline.support.Records;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.support.SimpleTransactionStatus;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BatchWriterTest {

    /** A change of one row: the row and a label that shows the change's place in its batch. */
    record Change(UUID row, String label) {
    }

    /** Runs the callback at once, as a transaction that always commits. */
    private static final TransactionTemplate IMMEDIATE = new TransactionTemplate() {
        @Override
        public <T> T execute(TransactionCallback<T> action) {
            return action.doInTransaction(new SimpleTransactionStatus());
        }
    };

    private final BatchWriter writer = new BatchWriter("test", IMMEDIATE, new SinkMetrics(new SimpleMeterRegistry()));

    @Test
    void shouldWriteInRowOrderKeepingTheOrderOfOneRowsChanges() {
        UUID low = new UUID(0, 1);
        UUID high = new UUID(0, 2);
        var batch = writer.usable(Records.batch("t", new Change(high, "h1"), new Change(low, "l1"),
                new Change(high, "h2"), new Change(low, "l2")), change -> null);
        List<String> written = new ArrayList<>();

        writer.write(batch, Change::row, records -> records.forEach(r -> written.add(r.value().label())));

        assertThat(written).containsExactly("l1", "l2", "h1", "h2");
    }

    @Test
    void shouldFindTheRecordThatFailsOnItsOwnAndNameOnlyIt() {
        var batch = writer.usable(Records.batch("t", new Change(new UUID(0, 3), "fine"), null,
                new Change(new UUID(0, 2), "poison"), new Change(new UUID(0, 1), "after")), change -> null);
        List<String> written = new ArrayList<>();

        assertThatThrownBy(() -> writer.write(batch, Change::row, records -> {
            if (records.stream().anyMatch(r -> r.value().label().equals("poison"))) {
                throw new IllegalStateException("cannot write poison");
            }
            records.forEach(r -> written.add(r.value().label()));
        })).isInstanceOfSatisfying(SinkFailure.RecordFailed.class, e -> {
            assertThat(e.getIndex()).as("the poison's index as polled").isEqualTo(2);
            assertThat(e.getCause()).hasMessage("cannot write poison");
        });

        assertThat(written).as("written alone, in the order polled, up to the poison").containsExactly("fine");
    }

    @Test
    void shouldHandAnUnavailableDatabaseOverWithoutWritingRecordsAlone() {
        var batch = writer.usable(Records.batch("t", new Change(new UUID(0, 1), "a"), new Change(new UUID(0, 2), "b")),
                change -> null);
        List<Integer> attempts = new ArrayList<>();

        assertThatThrownBy(() -> writer.write(batch, Change::row, records -> {
            attempts.add(records.size());
            throw new CannotGetJdbcConnectionException("connection refused");
        })).isInstanceOf(CannotGetJdbcConnectionException.class);

        assertThat(attempts).containsExactly(2);
    }
}
