package io.askflow.api.auth;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The form of a key and the settings' guards. */
class ApiKeysTest {

    @Test
    void shouldMakeDistinctWellFormedKeysAndStoreOnlyTheirHash() {
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String key = ApiKeys.generate();
            assertThat(ApiKeys.isWellFormed(key)).as(key).isTrue();
            keys.add(key);
        }

        assertThat(keys).hasSize(1000);
        String key = keys.iterator().next();
        assertThat(ApiKeys.hash(key)).hasSize(64).isLowerCase().doesNotContain(key.substring(4));
        assertThat(ApiKeys.shownPrefix(key)).hasSize(12).startsWith("ask_");
        assertThat(ApiKeys.isWellFormed(TestKeys.ADMIN)).isTrue();
        assertThat(ApiKeys.isWellFormed("ask_short")).isFalse();
        assertThat(ApiKeys.isWellFormed(key + "=")).isFalse();
        assertThat(ApiKeys.isWellFormed("sk_" + key.substring(4))).isFalse();
        assertThat(ApiKeys.isWellFormed(null)).isFalse();
    }

    @Test
    void shouldRefuseABootstrapKeyOfAnotherFormAndACacheOfOverASecond() {
        assertThatThrownBy(() -> new SecurityProperties(true, "changeme", Duration.ofMillis(500)))
                .hasMessageContaining("bootstrap-admin-key").hasMessageNotContaining("changeme");
        assertThatThrownBy(() -> new SecurityProperties(true, null, Duration.ofSeconds(2)))
                .hasMessageContaining("key-cache-ttl");
        assertThat(new SecurityProperties(true, " ", Duration.ofMillis(500)).bootstrapAdminKey()).isNull();
        assertThat(new SecurityProperties(true, TestKeys.ADMIN, Duration.ofMillis(500)).toString())
                .doesNotContain(TestKeys.ADMIN);
    }
}
