package io.askflow.workers.ollama;

import java.time.Duration;

/** One Ollama host, one call at a time per caller: a non-streaming chat, failures classified. */
public interface OllamaClient {

    /** The host's base URL, e.g. {@code http://localhost:11434}. */
    String host();

    /**
     * Sends one chat call and waits for the whole answer.
     *
     * @param timeout how long to wait for the answer at most
     * @throws OllamaCallException  classified, with {@link OllamaCallException#retryable()}
     * @throws InterruptedException when the calling thread is interrupted (the worker is stopping)
     */
    ChatReply chat(ChatCall call, Duration timeout) throws OllamaCallException, InterruptedException;
}
