package io.askflow.api.limit;

import io.askflow.core.error.ErrorCode;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * Says in the API's description what the rate limit adds to every {@code /v1/...} operation: the
 * {@code RateLimit-Policy} and {@code RateLimit} headers (described on its 2xx answers and the 429, though every
 * answer of a limited request has them), and a 429 with {@code Retry-After}. One
 * place for every controller, as the filter is one place for every request.
 */
public class RateLimitOpenApi implements OpenApiCustomizer {

    private static final String HEADERS = "#/components/headers/";

    @Override
    public void customise(OpenAPI openApi) {
        if (openApi.getComponents() == null) {
            openApi.setComponents(new Components());
        }
        openApi.getComponents()
                .addHeaders(RateLimitFilter.POLICY_HEADER, new Header()
                        .description("The tenant's rate limit policy (draft-ietf-httpapi-ratelimit-headers): q, the "
                                + "requests allowed at once (the burst); w, the seconds in which they refill. Absent "
                                + "while the limits cannot be checked")
                        .schema(new StringSchema().example("\"tenant\";q=100;w=2")))
                .addHeaders(RateLimitFilter.LIMIT_HEADER, new Header()
                        .description("What is left of the tenant's rate limit: r, requests left now; t, seconds until "
                                + "the quota is whole again (on a 429: until the next request is allowed)")
                        .schema(new StringSchema().example("\"tenant\";r=57;t=1")))
                .addHeaders("Retry-After", new Header()
                        .description("Seconds to wait before sending again")
                        .schema(new IntegerSchema().example(1)));
        if (openApi.getPaths() == null) {
            return;
        }
        openApi.getPaths().forEach((path, item) -> {
            if (path.startsWith("/v1/")) {
                item.readOperations().forEach(RateLimitOpenApi::describe);
            }
        });
    }

    private static void describe(Operation operation) {
        if (operation.getResponses() == null) {
            return;
        }
        operation.getResponses().computeIfAbsent("429", status -> new ApiResponse()
                .description("Over the tenant's rate limit: retry after Retry-After (problem+json, type "
                        + ErrorCode.RATE_LIMITED.problemType() + ")")
                .content(new Content().addMediaType("application/problem+json", new MediaType())));
        operation.getResponses().forEach((status, response) -> {
            // on what a caller acts upon: the answers that went through, and the 429 (every answer carries them)
            if (response.get$ref() != null || !(status.startsWith("2") || "429".equals(status))) {
                return;
            }
            response.addHeaderObject(RateLimitFilter.POLICY_HEADER, new Header().$ref(HEADERS + RateLimitFilter.POLICY_HEADER));
            response.addHeaderObject(RateLimitFilter.LIMIT_HEADER, new Header().$ref(HEADERS + RateLimitFilter.LIMIT_HEADER));
            if ("429".equals(status)) {
                response.addHeaderObject("Retry-After", new Header().$ref(HEADERS + "Retry-After"));
            }
        });
    }
}
