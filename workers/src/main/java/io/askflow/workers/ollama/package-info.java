/**
 * Talking to Ollama: {@link io.askflow.workers.ollama.OllamaClient} (one host, one call:
 * {@link io.askflow.workers.ollama.OllamaHttpClient}, a reused JDK {@code HttpClient}),
 * {@link io.askflow.workers.ollama.OllamaHosts} (the hosts, their slots and cool-downs: calls in flight to a host
 * never exceed its slots, a failing host rests while the others take the load) and
 * {@link io.askflow.workers.ollama.OllamaActivity} (one call as a bounded activity: per-attempt timeout, attempts,
 * exponential back-off with jitter, the step and chain deadlines, and the failures never retried).
 */
package io.askflow.workers.ollama;
