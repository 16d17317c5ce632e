package io.askflow.pipeline.support;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.ArrayList;
import java.util.List;

/** Consumer records as a listener container hands them to a batch listener. */
public final class Records {

    private Records() {
    }

    /** {@code values} as records of {@code topic} partition 0 from offset 0, keyed {@code key-<offset>}. */
    @SafeVarargs
    public static <V> List<ConsumerRecord<String, V>> batch(String topic, V... values) {
        List<ConsumerRecord<String, V>> records = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            records.add(new ConsumerRecord<>(topic, 0, i, "key-" + i, values[i]));
        }
        return records;
    }
}
