/** Askflow's roles as separate JVMs, for crash tests. */
package io.askflow.testing.process;
