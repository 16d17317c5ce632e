package io.askflow.api.auth;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Who the key is: the dashboard asks once, to show the tenant and to offer an admin every tenant's jobs. */
@RestController
@Tag(name = "auth", description = "The caller's key")
@SecurityRequirement(name = "bearer")
public class CallerController {

    @GetMapping("/v1/me")
    @Operation(summary = "The caller",
            description = "The tenant of the key sent, and whether it is an admin's (an admin may see every tenant).")
    public Me me(HttpServletRequest request) {
        Caller caller = Caller.of(request);
        return new Me(caller.tenant(), caller.admin());
    }

    /**
     * The caller.
     *
     * @param tenant the key's tenant
     * @param admin  whether the key is an admin's
     */
    public record Me(String tenant, boolean admin) {
    }
}
