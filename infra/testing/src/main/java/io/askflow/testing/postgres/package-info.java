/** PostgreSQL for tests and dev mode: an embedded server, a container, or an external server. */
package io.askflow.testing.postgres;
