package io.askflow.api.idempotency;

/**
 * The value of an {@code Idempotency-Key} header (IETF httpapi idempotency-key draft): 1 to 255 printable ASCII
 * characters. The draft makes the field a Structured Fields string ({@code Idempotency-Key: "8e03978e-..."}); the
 * quotes are taken off (and its escapes, {@code \"} and {@code \\}, undone), and a bare value is taken as it is.
 *
 * @param value the key, without quotes
 */
public record IdempotencyKey(String value) {

    /** The request header. */
    public static final String HEADER = "Idempotency-Key";

    /** The longest key, in characters. */
    public static final int MAX_LENGTH = 255;

    public IdempotencyKey {
        String fault = fault(value);
        if (fault != null) {
            throw new InvalidIdempotencyKeyException(fault);
        }
    }

    /**
     * The key of a header's value.
     *
     * @throws InvalidIdempotencyKeyException when it is empty, too long or not printable ASCII (a 400)
     */
    public static IdempotencyKey parse(String header) {
        return new IdempotencyKey(unquote(header));
    }

    private static String unquote(String header) {
        if (header == null || header.length() < 2 || header.charAt(0) != '"' || header.charAt(header.length() - 1) != '"') {
            return header;
        }
        StringBuilder key = new StringBuilder(header.length());
        for (int i = 1; i < header.length() - 1; i++) {
            char c = header.charAt(i);
            if (c == '\\' && i + 1 < header.length() - 1) {
                c = header.charAt(++i);
            }
            key.append(c);
        }
        return key.toString();
    }

    private static String fault(String value) {
        if (value == null || value.isEmpty()) {
            return "must not be empty: send 1 to " + MAX_LENGTH + " printable ASCII characters, e.g. a UUID";
        }
        if (value.length() > MAX_LENGTH) {
            return "must be at most " + MAX_LENGTH + " characters, was " + value.length();
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return "must be printable ASCII (space to ~): character " + (i + 1) + " is not";
            }
        }
        return null;
    }
}
