package io.askflow.api.webhook;

import io.askflow.api.config.WebSliceConfiguration;
import io.askflow.api.job.ReceiverRules;
import io.askflow.api.problem.ProblemHandler;
import io.askflow.api.web.BodySizeLimit;
import io.askflow.core.webhook.ReceiverAddresses;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * What a {@code @WebMvcTest} of the webhook controllers needs beside them: the problem handler, the body size limit
 * and the application's JSON settings ({@link WebSliceConfiguration}), the receiver rules with the address guard's
 * default (public addresses only), and a clock stopped at {@link #NOW}.
 */
@TestConfiguration(proxyBeanMethods = false)
@Import({ProblemHandler.class, BodySizeLimit.class, WebSliceConfiguration.class, ReceiverRules.class})
public class WebhookSliceConfiguration {

    /** The time of every request. */
    static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");

    @Bean
    ReceiverAddresses receiverAddresses() {
        return ReceiverAddresses.publicOnly();
    }

    @Bean
    Clock clock() {
        return Clock.fixed(NOW, ZoneOffset.UTC);
    }
}
