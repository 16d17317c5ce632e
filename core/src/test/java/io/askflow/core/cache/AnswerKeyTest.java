package io.askflow.core.cache;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class AnswerKeyTest {

    private static final String FINGERPRINT = "ab".repeat(32);

    @ParameterizedTest
    @ValueSource(strings = {"default", "tenant:acme", "tenant:team-7", "shared:faq", "shared:acme-public"})
    void shouldTakeTheThreeKindsOfScope(String scope) {
        AnswerKey key = new AnswerKey(scope, FINGERPRINT);

        assertThat(RedisAnswerCache.key(key)).isEqualTo("askflow:answer:" + scope + ":" + FINGERPRINT);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", " ", "Default", "tenant:", "tenant:Acme", "tenant:a*", "shared:", "shared:faq:x",
        "other:faq", "tenant:a b", "*"})
    void shouldRefuseAnyOtherScope(String scope) {
        assertThatIllegalArgumentException().isThrownBy(() -> new AnswerKey(scope, FINGERPRINT))
                .withMessageContaining("cache scope");
    }

    @Test
    void shouldRefuseAFingerprintThatCouldBeReadAsPartOfTheScope() {
        assertThatIllegalArgumentException().isThrownBy(() -> new AnswerKey("default", "x:" + FINGERPRINT));
        assertThatIllegalArgumentException().isThrownBy(() -> new AnswerKey("default", " "));
    }

    @Test
    void shouldPutTheDefaultScopeInTheKeyOfAJobWithoutTenants() {
        assertThat(AnswerKey.inDefaultScope(FINGERPRINT)).isEqualTo(new AnswerKey("default", FINGERPRINT));
    }
}
