/**
 * PostgreSQL: the one writer of {@code jobs} and {@code job_history} ({@link io.askflow.core.store.JobStore}), used by
 * every role that writes them, and typed JDBC values. The schema (Flyway, {@code db/migration}) lives beside it in
 * core; ADR 5 says who owns which table.
 */
package io.askflow.core.store;
