package io.askflow.api.job;

import io.askflow.api.job.InvalidJobRequestException.Violation;
import io.askflow.core.job.JobEventType;
import io.askflow.core.job.JobWebhook;
import io.askflow.core.webhook.ReceiverAddresses;
import org.springframework.stereotype.Component;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The rules a webhook receiver follows when it is named, for a job's own webhook and a registered endpoint alike: an
 * http or https URL of at most {@value #MAX_URL_LENGTH} characters that PostgreSQL can store and that is not clearly
 * a forbidden address ({@link ReceiverAddresses#problemAtSubmit}: loopback, private, link-local and the like, unless
 * {@code askflow.webhooks.allowed-networks} allows them; no lookup happens here, the delivery checks the resolved
 * addresses), and events among {@link JobEventType}'s wire names.
 */
@Component
public class ReceiverRules {

    /** The longest receiver URL taken, in characters. */
    public static final int MAX_URL_LENGTH = 2000;

    /** The wire names of every event, in lifecycle order: {@code job.running, job.completed, job.failed}. */
    public static final String KNOWN_EVENTS = Arrays.stream(JobEventType.values()).map(JobEventType::wireName)
            .collect(Collectors.joining(", "));

    private final ReceiverAddresses addresses;

    public ReceiverRules(ReceiverAddresses addresses) {
        this.addresses = addresses;
    }

    /** Adds what is wrong with {@code url} to {@code violations}, under {@code field}. */
    public void checkUrl(String field, String url, List<Violation> violations) {
        problemWithUrl(url).ifPresent(problem -> violations.add(new Violation(field, problem)));
    }

    private Optional<String> problemWithUrl(String url) {
        if (url == null || url.isBlank()) {
            return Optional.of("is required: the http or https URL that receives the events");
        }
        if (url.length() > MAX_URL_LENGTH) {
            return Optional.of("is " + url.length() + " characters long; the limit is " + MAX_URL_LENGTH
                    + ": use a shorter URL");
        }
        return StorableJson.unstorable(url).or(() -> addresses.problemAtSubmit(url));
    }

    /**
     * Adds what is wrong with {@code events} to {@code violations}, each under {@code field[index]}; {@code null} is
     * right (the job's end: {@code job.completed} and {@code job.failed}), an empty list is not (it names nothing).
     */
    public void checkEvents(String field, List<String> events, List<Violation> violations) {
        if (events == null) {
            return;
        }
        if (events.isEmpty()) {
            violations.add(new Violation(field, "names no event: omit it for job.completed and job.failed, or name"
                    + " some of " + KNOWN_EVENTS));
        }
        for (int i = 0; i < events.size(); i++) {
            String element = field + "[" + i + "]";
            problemWithEvent(events.get(i)).ifPresent(problem -> violations.add(new Violation(element, problem)));
        }
    }

    private static Optional<String> problemWithEvent(String name) {
        if (name == null) {
            return Optional.of("must not be null; known events: " + KNOWN_EVENTS);
        }
        return StorableJson.unstorable(name).or(() -> JobEventType.named(name).isPresent() ? Optional.empty()
                : Optional.of("unknown event \"" + name + "\"; known events: " + KNOWN_EVENTS));
    }

    /**
     * The events {@code names} subscribe to: {@link JobWebhook#DEFAULT_EVENTS} for {@code null}. Call after
     * {@link #checkEvents} found nothing.
     *
     * @throws IllegalArgumentException for a name that is no event
     */
    public static Set<JobEventType> events(List<String> names) {
        if (names == null || names.isEmpty()) {
            return JobWebhook.DEFAULT_EVENTS;
        }
        Set<JobEventType> events = EnumSet.noneOf(JobEventType.class);
        for (String name : names) {
            events.add(JobEventType.named(name)
                    .orElseThrow(() -> new IllegalArgumentException("unknown event \"" + name + "\"")));
        }
        return events;
    }

    /** The wire names of {@code events}, in lifecycle order (running, completed, failed). */
    public static List<String> wireNames(Set<JobEventType> events) {
        return Arrays.stream(JobEventType.values()).filter(events::contains).map(JobEventType::wireName).toList();
    }
}
