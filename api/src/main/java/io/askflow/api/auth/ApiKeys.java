package io.askflow.api.auth;

import io.askflow.core.fingerprint.Sha256;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The form of an API key: {@code ask_} and 32 random bytes in base64url without padding (256 bits: no slow hash is
 * needed to store it, its SHA-256 is enough), stored only as that hash, shown whole once at its creation.
 */
public final class ApiKeys {

    /** What every key starts with, so that a key is recognised in a log or a leaked file. */
    public static final String PREFIX = "ask_";

    /** How many characters of a key a listing shows: the prefix and 8 characters, enough to tell keys apart. */
    static final int SHOWN_CHARACTERS = PREFIX.length() + 8;

    private static final int RANDOM_BYTES = 32;
    private static final Pattern FORM = Pattern.compile("ask_[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeys() {
    }

    /** A new key. */
    public static String generate() {
        byte[] bytes = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether {@code key} has the form of a key; anything else is refused without a lookup. */
    public static boolean isWellFormed(String key) {
        return key != null && FORM.matcher(key).matches();
    }

    /** What is stored of a key: its SHA-256 as 64 lower-case hex digits. */
    public static String hash(String key) {
        return Sha256.hex(key);
    }

    /** What a listing shows of a key. */
    public static String shownPrefix(String key) {
        return key.substring(0, SHOWN_CHARACTERS);
    }
}
