/** Kafka for tests and dev mode: in this JVM, in a container, or an external cluster. */
package io.askflow.testing.kafka;
