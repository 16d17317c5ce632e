package io.askflow.api.limit;

/**
 * What the rate limit says of one request, and what its headers tell the caller (draft-ietf-httpapi-ratelimit-headers:
 * {@code RateLimit-Policy} and {@code RateLimit}).
 *
 * @param checked       whether Redis was asked; {@code false} while it is down (the request passes, no headers)
 * @param allowed       whether the request may go on
 * @param quota         the requests the policy allows in its window: the tenant's burst
 * @param windowSeconds the window of the policy: the seconds in which an empty bucket refills to the burst
 * @param remaining     requests left now
 * @param resetSeconds  seconds until the quota is whole again (when refused: until one request is allowed)
 * @param retryAfter    seconds to wait before the next request is allowed (0 when allowed)
 */
public record RateDecision(boolean checked, boolean allowed, long quota, long windowSeconds, long remaining,
                           long resetSeconds, long retryAfter) {

    /** The name of the one policy in the headers. */
    public static final String POLICY = "tenant";

    /** The decision while Redis cannot be asked: the request passes, and no headers are sent. */
    public static RateDecision unchecked() {
        return new RateDecision(false, true, 0, 0, 0, 0, 0);
    }

    /** The {@code RateLimit-Policy} header: {@code "tenant";q=100;w=2}. */
    public String policyHeader() {
        return "\"" + POLICY + "\";q=" + quota + ";w=" + windowSeconds;
    }

    /** The {@code RateLimit} header: {@code "tenant";r=57;t=1}. */
    public String limitHeader() {
        return "\"" + POLICY + "\";r=" + remaining + ";t=" + resetSeconds;
    }
}
