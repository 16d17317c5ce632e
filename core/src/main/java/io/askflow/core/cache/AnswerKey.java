package io.askflow.core.cache;

import io.askflow.core.tenant.Tenants;

import java.util.Objects;

/**
 * Where one answer is cached: the job's cache scope and the question's fingerprint (ADR 7). The scope is in the
 * fingerprint already, so two scopes never share an entry; it is kept in the key as well so that one scope's
 * answers can be found (and deleted) with one {@code SCAN askflow:answer:<scope>:*}.
 *
 * @param scope       {@code default}, {@code tenant:<id>} or {@code shared:<name>} ({@link Tenants})
 * @param fingerprint the question's fingerprint in that scope
 */
public record AnswerKey(String scope, String fingerprint) {

    private static final String TENANT = "tenant:";
    private static final String SHARED = "shared:";

    public AnswerKey {
        if (!isValidScope(scope)) {
            throw new IllegalArgumentException("a cache scope is 'default', 'tenant:<id>' or 'shared:<name>', was "
                    + scope);
        }
        Objects.requireNonNull(fingerprint, "fingerprint");
        if (fingerprint.isBlank() || fingerprint.indexOf(':') >= 0) {
            throw new IllegalArgumentException("a fingerprint is a non-blank word without ':', was " + fingerprint);
        }
    }

    /** A key in the {@code default} scope (no tenants). */
    public static AnswerKey inDefaultScope(String fingerprint) {
        return new AnswerKey(Tenants.DEFAULT_SCOPE, fingerprint);
    }

    /** Whether {@code scope} is one a key may have: glob characters and white space can never reach Redis. */
    public static boolean isValidScope(String scope) {
        if (scope == null) {
            return false;
        }
        if (scope.startsWith(TENANT)) {
            return Tenants.isValidId(scope.substring(TENANT.length()));
        }
        if (scope.startsWith(SHARED)) {
            return Tenants.isValidSharedName(scope.substring(SHARED.length()));
        }
        return Tenants.DEFAULT_SCOPE.equals(scope);
    }
}
