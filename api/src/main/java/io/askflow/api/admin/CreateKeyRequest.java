package io.askflow.api.admin;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The body of {@code POST /v1/admin/keys}. Unknown fields are refused.
 *
 * @param tenant the tenant the key acts for (it must exist)
 * @param name   who or what holds it, to tell keys apart (1 to 200 characters)
 * @param admin  whether it may use the admin API and read every tenant's data; omitted: false
 */
public record CreateKeyRequest(
        @Schema(example = "team-a", requiredMode = Schema.RequiredMode.REQUIRED) String tenant,
        @Schema(example = "ci pipeline", requiredMode = Schema.RequiredMode.REQUIRED) String name,
        @Schema(example = "false") Boolean admin) {
}
