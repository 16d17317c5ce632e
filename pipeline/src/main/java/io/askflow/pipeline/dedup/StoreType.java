package io.askflow.pipeline.dedup;

import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;

/**
 * Where the answer topology keeps its stores locally. Both kinds are changelogged, so both are
 * durable: an in-memory store is rebuilt from its changelog when a task starts, a RocksDB store
 * only catches up from its last checkpoint, provided its {@code state.dir} outlived the restart.
 * The default {@code state.dir} is a temporary directory removed at shutdown, so by default every
 * restart replays the changelogs; in production set {@code askflow.pipeline.streams.state-dir} to a
 * stable directory.
 */
public enum StoreType {
    /**
     * RocksDB on disk under {@code state.dir}: the default, state larger than memory; fast restarts only
     * with a stable {@code askflow.pipeline.streams.state-dir}.
     */
    ROCKS_DB,
    /** On the heap: no disk, but every restart replays the changelog. */
    IN_MEMORY;

    KeyValueBytesStoreSupplier supplier(String name) {
        return this == ROCKS_DB ? Stores.persistentKeyValueStore(name) : Stores.inMemoryKeyValueStore(name);
    }
}
