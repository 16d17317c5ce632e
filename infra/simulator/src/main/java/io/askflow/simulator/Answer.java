package io.askflow.simulator;

import java.util.List;

/**
 * A simulated answer, cut into the tokens that are streamed one per chunk.
 *
 * @param tokens the pieces of the answer; joined they give {@link #text()}
 * @param doneReason {@code stop}, or {@code length} when {@code num_predict} cut it short
 * @param promptTokens the prompt size reported as {@code prompt_eval_count}
 */
record Answer(List<String> tokens, String doneReason, int promptTokens) {

    Answer {
        tokens = List.copyOf(tokens);
    }

    String text() {
        return String.join("", tokens);
    }

    /** Tokens generated, reported as {@code eval_count}. */
    int evalCount() {
        return tokens.size();
    }
}
