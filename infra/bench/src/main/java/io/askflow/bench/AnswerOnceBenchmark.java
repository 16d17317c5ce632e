package io.askflow.bench;

import io.askflow.dev.Burst;
import io.askflow.dev.DevSettings;
import io.askflow.dev.DevStack;
import io.askflow.simulator.OllamaSimulator;
import io.askflow.simulator.SimulatorConfig;
import io.askflow.testing.Infrastructure;
import io.askflow.testing.Infrastructures;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.ToDoubleFunction;

/**
 * What in-flight coalescing saves. Submits {@code --jobs} questions over {@code --questions} distinct
 * ones (white-space variants, shuffled) from {@code --callers} HTTP clients to the whole stack (one
 * JVM: embedded Kafka, Redis, PostgreSQL; the Ollama simulator with {@code --latency-ms} per call and
 * {@code --slots} slots), once with coalescing on and once with it off (cache only, as a plain
 * FastAPI + Redis service does), and prints jobs, distinct questions, chain runs, chain runs per
 * distinct question, jobs per second and p50/p99 time to answer, per run and as medians over
 * {@code --runs} (the two modes alternate which goes first). Exits with 1 when coalescing on ran
 * more than one chain per distinct question or a job failed.
 *
 * <pre>
 * mvn -q install -DskipTests
 * java -cp "infra/bench/target/askflow-bench.jar:infra/bench/target/lib/*" io.askflow.bench.AnswerOnceBenchmark \
 *     --jobs 20000 --questions 500 --latency-ms 500 --slots 64 --runs 3
 * </pre>
 */
public final class AnswerOnceBenchmark {

    private AnswerOnceBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("jobs", "20000");
        defaults.put("questions", "500");
        defaults.put("callers", "32");
        defaults.put("latency-ms", "500");
        defaults.put("slots", "64");
        defaults.put("runs", "3");
        BenchArguments options = BenchArguments.parse("AnswerOnceBenchmark", args, defaults);
        List<String> workload = workload(options.positive("jobs"), options.positive("questions"));
        System.out.printf(Locale.ROOT, "AnswerOnceBenchmark %s%nmachine: %d cores, Java %s%n", options.describe(),
                Runtime.getRuntime().availableProcessors(), Runtime.version());
        List<BurstFigures> on = new ArrayList<>();
        List<BurstFigures> off = new ArrayList<>();
        for (int run = 1; run <= options.positive("runs"); run++) {
            boolean onFirst = run % 2 == 1; // alternate, so neither mode always meets a cold JVM
            for (boolean coalescing : onFirst ? new boolean[] {true, false} : new boolean[] {false, true}) {
                BurstFigures figures = run(options, workload, coalescing);
                (coalescing ? on : off).add(figures);
                System.out.println(BurstFigures.HEADER);
                System.out.println(figures.row("run " + run + (coalescing ? " on" : " off")));
            }
            BurstFigures lastOn = on.get(on.size() - 1);
            BurstFigures lastOff = off.get(off.size() - 1);
            System.out.printf(Locale.ROOT, "run %d: cache only ran %.1fx the chains of coalescing%n", run,
                    (double) lastOff.chainRuns() / lastOn.chainRuns());
        }
        System.out.println();
        System.out.println("medians over " + on.size() + " runs");
        System.out.println(BurstFigures.HEADER);
        System.out.println(BurstFigures.median(on).row("coalescing on"));
        System.out.println(BurstFigures.median(off).row("cache only"));
        boolean answeredOnce = on.stream().allMatch(f -> f.chainRuns() == f.questions() && f.failed() == 0);
        System.exit(answeredOnce ? 0 : 1);
    }

    /** {@code jobs} questions over {@code distinct} ones, each in one of a few white-space variants, shuffled. */
    static List<String> workload(int jobs, int distinct) {
        Random random = new Random(42);
        List<String> questions = new ArrayList<>(jobs);
        for (int i = 0; i < jobs; i++) {
            String question = "Benchmark question number " + (i % distinct) + ": what does it cost to answer?";
            questions.add(switch (random.nextInt(3)) {
                case 0 -> question;
                case 1 -> "  " + question.replace(" ", "   ");
                default -> question + "\n";
            });
        }
        Collections.shuffle(questions, random);
        return questions;
    }

    private static BurstFigures run(BenchArguments options, List<String> workload, boolean coalescing)
            throws Exception {
        int slots = options.positive("slots");
        SimulatorConfig simulator = SimulatorConfig.defaults().withSlots(slots).withQueue(100_000)
                .withLatencyMillis(options.positive("latency-ms"));
        DevSettings settings = DevSettings.forTests(simulator).withExtraProperties(Map.of(
                "askflow.pipeline.coalescing.enabled", Boolean.toString(coalescing),
                "askflow.ollama.slots", Integer.toString(slots),
                "logging.level.root", "WARN"));
        try (Infrastructure infrastructure = Infrastructures.start();
             DevStack stack = DevStack.start(settings, infrastructure)) {
            OllamaSimulator ollama = stack.simulator().orElseThrow();
            System.out.printf(Locale.ROOT, "coalescing %s: submitting %d jobs...%n", coalescing ? "on" : "off",
                    workload.size());
            List<Burst.Submitted> submitted;
            try (Burst burst = Burst.start(stack.apiClient(), workload, options.positive("callers"))) {
                submitted = burst.await();
            }
            long accepted = submitted.stream().filter(s -> s.status() == 200 || s.status() == 202).count();
            awaitAllEnded(infrastructure, accepted);
            return BurstFigures.read(infrastructure, options.positive("questions"), ollama.stats().completed());
        }
    }

    private static void awaitAllEnded(Infrastructure infrastructure, long accepted) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        long ended = 0;
        while (ended < accepted) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(ended + " of " + accepted + " jobs ended within 30 minutes");
            }
            Thread.sleep(500);
            ended = BurstFigures.count(infrastructure, "select count(*) from jobs where status in ('COMPLETED', 'FAILED')");
        }
    }

    /** The figures of one burst, read from PostgreSQL and the simulator. */
    record BurstFigures(double jobs, int questions, long chainRuns, long failed, double seconds, double p50, double p99) {

        static final String HEADER = String.format(Locale.ROOT, "%-14s %7s %9s %10s %13s %8s %9s %9s",
                "mode", "jobs", "questions", "chain runs", "runs/question", "jobs/s", "p50 s", "p99 s");

        /** Each figure's median over the runs (so a row may mix runs). */
        static BurstFigures median(List<BurstFigures> runs) {
            return new BurstFigures(median(runs, BurstFigures::jobs), runs.get(0).questions(),
                    (long) median(runs, BurstFigures::chainRuns), (long) median(runs, BurstFigures::failed),
                    median(runs, BurstFigures::seconds), median(runs, BurstFigures::p50), median(runs, BurstFigures::p99));
        }

        private static double median(List<BurstFigures> runs, ToDoubleFunction<BurstFigures> figure) {
            double[] values = runs.stream().mapToDouble(figure).sorted().toArray();
            int middle = values.length / 2;
            return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
        }

        static BurstFigures read(Infrastructure infrastructure, int questions, long chainRuns) throws SQLException {
            try (Connection db = connect(infrastructure);
                 ResultSet row = db.createStatement().executeQuery("""
                         select count(*), count(*) filter (where status = 'FAILED'),
                                extract(epoch from max(completed_at) - min(submitted_at)),
                                percentile_cont(0.5) within group (order by extract(epoch from completed_at - submitted_at)),
                                percentile_cont(0.99) within group (order by extract(epoch from completed_at - submitted_at))
                         from jobs""")) {
                row.next();
                return new BurstFigures(row.getLong(1), questions, chainRuns, row.getLong(2), row.getDouble(3),
                        row.getDouble(4), row.getDouble(5));
            }
        }

        static long count(Infrastructure infrastructure, String sql) throws SQLException {
            try (Connection db = connect(infrastructure); ResultSet row = db.createStatement().executeQuery(sql)) {
                row.next();
                return row.getLong(1);
            }
        }

        private static Connection connect(Infrastructure infrastructure) throws SQLException {
            return DriverManager.getConnection(infrastructure.jdbcUrl(), infrastructure.jdbcUsername(),
                    infrastructure.jdbcPassword());
        }

        String row(String mode) {
            return String.format(Locale.ROOT, "%-14s %7.0f %9d %10d %13.2f %8.0f %9.2f %9.2f", mode, jobs, questions,
                    chainRuns, (double) chainRuns / questions, jobs / seconds, p50, p99);
        }
    }
}
