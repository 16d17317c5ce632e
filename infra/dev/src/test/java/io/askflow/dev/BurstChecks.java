package io.askflow.dev;

import io.askflow.core.fingerprint.QuestionNormalizer;
import io.askflow.dev.JobTable.JobRow;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Questions for bursts, and checks of what the bursts' jobs became. */
final class BurstChecks {

    private BurstChecks() {
    }

    /** {@code count} questions that no other test asks. */
    static List<String> distinctQuestions(String test, int count) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        return IntStream.range(0, count).mapToObj(i -> "Question " + i + " of the " + test + " test " + run + "?")
                .toList();
    }

    /** Every question {@code copies} times, in five white-space spellings, shuffled. */
    static List<String> withWhiteSpaceVariants(List<String> questions, int copies) {
        List<String> all = new ArrayList<>();
        for (int copy = 0; copy < copies; copy++) {
            for (String question : questions) {
                all.add(switch (copy % 5) {
                    case 0 -> question;
                    case 1 -> "  " + question;
                    case 2 -> question + "\n";
                    case 3 -> question.replace(" ", "  ");
                    default -> "\t" + question.replace(" ", " \t ") + " ";
                });
            }
        }
        Collections.shuffle(all, new Random(42));
        return all;
    }

    static List<Burst.Submitted> accepted(List<Burst.Submitted> submitted) {
        return submitted.stream().filter(BurstChecks::isAccepted).toList();
    }

    static List<Burst.Submitted> rejected(List<Burst.Submitted> submitted) {
        return submitted.stream().filter(s -> !isAccepted(s)).toList();
    }

    private static boolean isAccepted(Burst.Submitted submitted) {
        return submitted.status() == 200 || submitted.status() == 202;
    }

    /** The job ids named by 503s whose detail says {@code fate}. */
    static Set<UUID> namedJobs(List<Burst.Submitted> rejected, String fate) {
        return rejected.stream().map(Burst.Submitted::response)
                .filter(refused -> refused.text("jobId") != null && refused.text("detail").contains(fate))
                .map(refused -> UUID.fromString(refused.text("jobId"))).collect(Collectors.toSet());
    }

    /** Each a 503 problem with {@code Retry-After}. */
    static void assertTurnedAwayProperly(List<Burst.Submitted> rejected) {
        assertThat(rejected).as("submits turned away").isNotEmpty().allSatisfy(refused -> {
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.response().retryAfter()).isNotBlank();
            assertThat(refused.response().contentType()).startsWith("application/problem+json");
            // the submit's own refusal, or authentication's when it could not check the key meanwhile
            assertThat(refused.response().text("title")).isIn("Job not accepted", "Job store unavailable");
        });
    }

    /** Every submit accepted (200 or 202), every job COMPLETED with an answer to its own question. */
    static void assertCompletedWithTheirQuestionsAnswer(List<Burst.Submitted> submitted, Map<UUID, JobRow> rows,
                                                        List<String> distinct) {
        assertThat(submitted).extracting(Burst.Submitted::status).isSubsetOf(200, 202);
        assertThat(rows).hasSize(submitted.size());
        assertThat(rows.values()).allSatisfy(BurstChecks::assertAnswersItsQuestion);
        assertThat(answersByQuestion(rows)).containsOnlyKeys(distinct);
    }

    static void assertAnswersItsQuestion(JobRow row) {
        assertThat(row.status()).as("job %s", row.id()).isEqualTo("COMPLETED");
        assertThat(QuestionNormalizer.normalize(row.answer())).as("the simulator echoes the prompt")
                .contains(QuestionNormalizer.normalize(row.question()));
    }

    static Map<String, Set<String>> answersByQuestion(Map<UUID, JobRow> rows) {
        return rows.values().stream().collect(Collectors.groupingBy(row -> QuestionNormalizer.normalize(row.question()),
                Collectors.mapping(JobRow::answer, Collectors.toSet())));
    }

    static <T> Map<String, Long> countBy(Collection<T> items, Function<T, ?> key) {
        return items.stream().collect(Collectors.groupingBy(item -> String.valueOf(key.apply(item)),
                TreeMap::new, Collectors.counting()));
    }

    /** The sum of a Prometheus counter's samples whose labels contain {@code label} ("" for all). */
    static double counter(String metrics, String name, String label) {
        Matcher samples = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})? ([0-9.eE+-]+)$").matcher(metrics);
        double sum = 0;
        while (samples.find()) {
            if (label.isEmpty() || (samples.group(1) != null && samples.group(1).contains(label))) {
                sum += Double.parseDouble(samples.group(2));
            }
        }
        return sum;
    }
}
