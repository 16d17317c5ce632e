package io.askflow.api.admin;

import io.askflow.api.job.InvalidJobRequestException;
import io.askflow.api.job.InvalidJobRequestException.Violation;
import io.askflow.api.tenant.Tenant;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A JSON merge patch (RFC 7396) of a tenant: given fields replace, {@code null} clears a field that may be absent,
 * anything unknown or of the wrong type is a 400 (as unknown fields are everywhere in the API).
 */
final class TenantPatch {

    private TenantPatch() {
    }

    static Tenant apply(Tenant tenant, JsonNode patch, Set<String> patchable) {
        List<Violation> violations = new ArrayList<>();
        if (patch == null || !patch.isObject()) {
            throw new InvalidJobRequestException(List.of(new Violation("body", "must be a JSON object of the fields"
                    + " to change: " + String.join(", ", patchable.stream().sorted().toList()))));
        }
        String name = tenant.name();
        String shared = tenant.sharedCacheScope();
        int weight = tenant.weight();
        Integer rps = tenant.requestsPerSecond();
        Integer queued = tenant.maxQueuedJobs();
        for (Map.Entry<String, JsonNode> field : patch.properties()) {
            JsonNode value = field.getValue();
            switch (field.getKey()) {
                case "name" -> name = text(field.getKey(), value, false, violations, name);
                case "sharedCacheScope" -> shared = text(field.getKey(), value, true, violations, shared);
                case "weight" -> weight = value.isInt() ? value.intValue() : invalid("weight", violations, weight);
                case "requestsPerSecond" -> rps = number("requestsPerSecond", value, violations, rps);
                case "maxQueuedJobs" -> queued = number("maxQueuedJobs", value, violations, queued);
                default -> violations.add(new Violation(field.getKey(), "unknown field; known fields: "
                        + String.join(", ", patchable.stream().sorted().toList())));
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidJobRequestException(violations);
        }
        return new Tenant(tenant.id(), name, shared, weight, rps, queued, tenant.createdAt());
    }

    private static String text(String field, JsonNode value, boolean nullable, List<Violation> violations,
                               String current) {
        if (value.isNull() && nullable) {
            return null;
        }
        return value.isString() ? value.asString() : invalid(field, violations, current);
    }

    private static Integer number(String field, JsonNode value, List<Violation> violations, Integer current) {
        if (value.isNull()) {
            return null;
        }
        return value.isInt() ? Integer.valueOf(value.intValue()) : invalid(field, violations, current);
    }

    private static <T> T invalid(String field, List<Violation> violations, T current) {
        violations.add(new Violation(field, "is of the wrong type"));
        return current;
    }
}
