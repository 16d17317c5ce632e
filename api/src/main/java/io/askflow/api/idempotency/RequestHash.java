package io.askflow.api.idempotency;

import io.askflow.core.fingerprint.Sha256;
import io.askflow.core.json.CanonicalJson;
import io.askflow.core.json.Json;

/**
 * The fingerprint of a request for its {@code Idempotency-Key}: the SHA-256 of the operation's name and the
 * request's canonical JSON ({@link CanonicalJson}: keys sorted, no white space, {@code 1.0} equal to {@code 1}), so
 * the same request with its keys in another order or other spacing hashes the same, and a key used for another
 * operation (a batch, later) does not match a job's.
 */
public final class RequestHash {

    private RequestHash() {
    }

    /**
     * @param operation what the request does, e.g. {@code jobs.create}
     * @param request   the request as read (a record, a map), turned into JSON maps and lists first
     * @return 64 lower-case hex characters
     */
    public static String of(String operation, Object request) {
        Object tree = Json.MAPPER.convertValue(request, Object.class);
        return Sha256.hex(operation + "\n" + CanonicalJson.write(tree));
    }
}
