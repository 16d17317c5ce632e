package io.askflow.api.job;

import java.util.Map;
import java.util.UUID;

/** The links a job view carries. */
final class JobLinks {

    private JobLinks() {
    }

    static String self(UUID id) {
        return "/v1/jobs/" + id;
    }

    static Map<String, String> of(UUID id) {
        return Map.of("self", self(id));
    }
}
