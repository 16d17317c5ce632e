package io.askflow.pipeline.sink;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.listener.BatchMessageListener;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Adapts a sink's batch method to a listener container. A failure reaches the error handler as a
 * {@link SinkFailure}: as thrown by the sink (which names the failed record), or naming the first
 * record of the batch, all of which is polled again (the sinks are idempotent) and never skipped for a
 * failure that is not its own ({@link SinkFailure.DatabaseUnavailable} or {@link SinkFailure.BatchFailed}).
 */
public final class SinkListener<V> implements BatchMessageListener<String, V> {

    private final String sink;
    private final Consumer<List<ConsumerRecord<String, V>>> write;

    public SinkListener(String sink, Consumer<List<ConsumerRecord<String, V>>> write) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.write = Objects.requireNonNull(write, "write");
    }

    @Override
    public void onMessage(List<ConsumerRecord<String, V>> records) {
        if (records.isEmpty()) {
            return;
        }
        try {
            write.accept(records);
        } catch (SinkFailure e) {
            throw e;
        } catch (RuntimeException e) {
            throw SinkFailure.ofBatch(sink, records.size(), e);
        }
    }

    /** The sink's name, for container and metric names. */
    public String sink() {
        return sink;
    }
}
