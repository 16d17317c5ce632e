/** Redis for tests and dev mode: an embedded server process, a container, or an external server. */
package io.askflow.testing.redis;
