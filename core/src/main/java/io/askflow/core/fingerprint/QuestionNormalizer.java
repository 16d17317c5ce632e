package io.askflow.core.fingerprint;

import java.text.Normalizer;
import java.util.regex.Pattern;

/** Normalizes a question before fingerprinting: Unicode NFC, trimmed, runs of white space folded to one space; case kept. */
public final class QuestionNormalizer {

    private static final Pattern WHITE_SPACE = Pattern.compile("[\\s\\p{Z}]+", Pattern.UNICODE_CHARACTER_CLASS);

    private QuestionNormalizer() {
    }

    public static String normalize(String question) {
        String composed = Normalizer.normalize(question, Normalizer.Form.NFC);
        return WHITE_SPACE.matcher(composed).replaceAll(" ").strip();
    }
}
