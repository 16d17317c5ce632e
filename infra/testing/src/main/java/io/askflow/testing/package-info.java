/**
 * Real Kafka, Redis and PostgreSQL for Askflow's tests and dev mode: {@link
 * io.askflow.testing.Infrastructures} picks the mode from the environment and starts them, and
 * {@link io.askflow.testing.Infrastructure} tells clients where they are.
 */
package io.askflow.testing;
