package io.askflow.workers.ollama;

/**
 * One Ollama host of the pool.
 *
 * @param client the client that calls it; its {@link OllamaClient#host()} names the host
 * @param slots  calls this worker may have in flight to it at once, like the host's {@code OLLAMA_NUM_PARALLEL}
 */
public record OllamaHost(OllamaClient client, int slots) {

    public OllamaHost {
        if (slots < 1) {
            throw new IllegalArgumentException("an Ollama host needs at least one slot, " + client.host() + " has "
                    + slots);
        }
    }

    public String url() {
        return client.host();
    }
}
