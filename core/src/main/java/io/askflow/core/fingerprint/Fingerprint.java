package io.askflow.core.fingerprint;

import io.askflow.core.job.JobRequest;

import io.askflow.core.json.CanonicalJson;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * The fingerprint of a question: a SHA-256 over everything that changes its answer.
 *
 * <p>The digest covers, in this order, each as a length-prefixed field: the format version
 * ({@value #VERSION}), the cache scope (ADR 7: duplicates meet, and answers are shared, only within one scope),
 * the question normalized by {@link QuestionNormalizer}, the model (empty for
 * the chain's default), the chain name, the chain version and the generation options in a
 * canonical form (keys sorted at every depth, numbers without trailing zeros, so {@code 0.70} and
 * {@code 0.7} agree). Two requests that differ only in white space share a fingerprint; any
 * difference in model, chain, chain version or options gives another. The result is 64 lower-case
 * hex characters, used as the Kafka key of jobs and tasks and in the answer cache's key.
 */
public final class Fingerprint {

    /** Bumped whenever the definition changes, so old cache entries are never read as new ones. */
    public static final String VERSION = "askflow-fp-2";

    private Fingerprint() {
    }

    public static String of(JobRequest request) {
        MessageDigest sha256 = Sha256.newDigest();
        for (String field : List.of(VERSION, request.scope(), QuestionNormalizer.normalize(request.question()),
                nullToEmpty(request.model()), request.chain(), request.chainVersion(),
                CanonicalJson.write(request.options()))) {
            byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
            sha256.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
            sha256.update((byte) ':');
            sha256.update(bytes);
        }
        return Sha256.hex(sha256);
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }
}
