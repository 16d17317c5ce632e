package io.askflow.bench;

import io.askflow.dev.DevSettings;
import io.askflow.dev.DevStack;
import io.askflow.simulator.SimulatorConfig;
import io.askflow.testing.Infrastructure;
import io.askflow.testing.Infrastructures;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntFunction;

/**
 * The whole stack under an open-loop load: jobs submitted at a fixed rate (each due at its time, its latency
 * counted from then: see {@link OpenLoopLoad}) to the dev stack in this JVM (embedded Kafka, Redis and PostgreSQL,
 * the api, pipeline and workers, the Ollama simulator with {@code --slots} slots and no latency). Scenarios:
 * <ul>
 *   <li>{@code light}: distinct questions at {@code --light-rate} (the light-load latency goal);</li>
 *   <li>{@code distinct}: every question new, at {@code --rate} (the throughput and submit goals);</li>
 *   <li>{@code tenth}: one question in ten new, each asked ten times in a row, at {@code --rate};</li>
 *   <li>{@code cached}: {@code --cached-questions} questions answered first, then asked again at
 *       {@code --cached-rate} (answered at submit from the cache).</li>
 * </ul>
 * For each it prints the jobs per second sustained end to end (jobs over the span from the first submit to the
 * last COMPLETED), submit latency p50/p99, submit to COMPLETED p50/p99 and the stages of the jobs that ran their
 * own chain (submit to run start, the run, run end to COMPLETED), read from the {@code jobs} and {@code runs}
 * tables, each beside the goal of issue 12. Exits with 1 when a goal is missed.
 *
 * <pre>
 * mvn -B -q -pl infra/bench -am package -DskipTests
 * java -cp "infra/bench/target/askflow-bench.jar:infra/bench/target/lib/*" io.askflow.bench.EndToEndBenchmark \
 *     --rate 1000 --seconds 20
 * </pre>
 */
public final class EndToEndBenchmark {

    private static final double GOAL_SUSTAINED = 1_000;
    private static final double GOAL_LIGHT_P50_MS = 50;
    private static final double GOAL_LIGHT_P99_MS = 150;
    private static final double GOAL_CACHED_SUBMIT_P99_MS = 10;
    private static final double GOAL_NEW_SUBMIT_P99_MS = 25;

    private EndToEndBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchArguments options = BenchArguments.parse("EndToEndBenchmark", args, BenchArguments.defaults(
                "rate", "1000", "light-rate", "50", "cached-rate", "5000", "seconds", "20", "warmup-seconds", "10",
                "cached-questions", "100", "connections", "64", "slots", "256", "drain-seconds", "120",
                "scenarios", "light,distinct,tenth,cached"));
        System.out.printf(Locale.ROOT, "EndToEndBenchmark %s%nmachine: %d cores, Java %s, load average %.2f%n",
                options.describe(), Runtime.getRuntime().availableProcessors(), Runtime.version(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        int slots = options.positive("slots");
        SimulatorConfig simulator = SimulatorConfig.defaults().withSlots(slots).withQueue(100_000)
                .withLatencyMillis(0).withAcceptAnyModel(true);
        DevSettings settings = DevSettings.forTests(simulator).withExtraProperties(Map.of(
                "askflow.ollama.slots", Integer.toString(slots),
                // the benchmark measures the pipeline, not the tenant's rate limit: far above any rate here
                "askflow.limits.requests-per-second", "1000000",
                "askflow.limits.burst", "1000000",
                "askflow.limits.max-queued-jobs", "10000000",
                "logging.level.root", "WARN"));
        List<Figures> all = new ArrayList<>();
        try (Infrastructure infrastructure = Infrastructures.start();
             DevStack stack = DevStack.start(settings, infrastructure)) {
            Bench bench = new Bench(options, infrastructure,
                    new OpenLoopLoad(stack.apiUrl(), stack.devKey(), options.positive("connections")));
            bench.warmUp();
            for (String scenario : options.text("scenarios").split(",")) {
                Figures figures = bench.scenario(scenario.strip());
                System.out.println(figures.report());
                all.add(figures);
            }
        }
        System.out.println();
        System.out.println("summary (figure [goal]):");
        all.forEach(f -> System.out.println("  " + f.summary()));
        boolean met = all.stream().allMatch(Figures::met);
        System.out.println(met ? "all goals met" : "GOALS MISSED: " + String.join(", ",
                all.stream().flatMap(f -> f.missed().stream()).toList()));
        System.exit(met ? 0 : 1);
    }

    /** The running stack and the load against it. */
    private record Bench(BenchArguments options, Infrastructure infrastructure, OpenLoopLoad load) {

        void warmUp() throws Exception {
            int seconds = options.positive("warmup-seconds");
            double rate = options.positive("rate") / 2.0;
            String tag = tag("warm");
            System.out.printf(Locale.ROOT, "warm-up: %d s of distinct questions at %.0f/s%n", seconds, rate);
            OpenLoopLoad.Result result = load.run(rate, (int) (rate * seconds), i -> body(tag, i));
            awaitEnded(tag, result.count(200) + result.count(202));
        }

        Figures scenario(String name) throws Exception {
            int seconds = options.positive("seconds");
            String tag = tag(name);
            return switch (name) {
                case "light" -> measure(name, tag, options.positive("light-rate"), seconds, i -> body(tag, i));
                case "distinct" -> measure(name, tag, options.positive("rate"), seconds, i -> body(tag, i));
                case "tenth" -> measure(name, tag, options.positive("rate"), seconds, i -> body(tag, i / 10));
                case "cached" -> cached(name, tag, seconds);
                default -> throw new IllegalArgumentException("no scenario " + name
                        + " (light, distinct, tenth, cached)");
            };
        }

        private Figures cached(String name, String tag, int seconds) throws Exception {
            int questions = options.positive("cached-questions");
            OpenLoopLoad.Result primed = load.run(Math.min(questions, 100), questions, i -> body(tag, i));
            awaitEnded(tag, primed.count(200) + primed.count(202));
            // the measured jobs ask the same questions again: told apart from the priming jobs by their submit time
            return measure(name, tag, options.positive("cached-rate"), seconds, i -> body(tag, i % questions));
        }

        private Figures measure(String name, String tag, double rate, int seconds, IntFunction<String> body)
                throws Exception {
            System.out.printf(Locale.ROOT, "%s: %d s at %.0f/s...%n", name, seconds, rate);
            java.sql.Timestamp from = now();
            OpenLoopLoad.Result submits = load.run(rate, (int) (rate * seconds), body);
            boolean drained = awaitEnded(tag, submits.count(200) + submits.count(202) + countBefore(tag, from));
            return Figures.read(name, rate, submits, drained, db(), tag, from);
        }

        private long countBefore(String tag, java.sql.Timestamp from) throws SQLException {
            try (Connection db = db(); PreparedStatement query = db.prepareStatement(
                    "select count(*) from jobs where question like ? and submitted_at < ?")) {
                query.setString(1, tag + " %");
                query.setTimestamp(2, from);
                try (ResultSet row = query.executeQuery()) {
                    row.next();
                    return row.getLong(1);
                }
            }
        }

        /** Waits until {@code expected} jobs of the tag have ended, at most {@code --drain-seconds}. */
        private boolean awaitEnded(String tag, long expected) throws Exception {
            long deadline = System.nanoTime() + options.positive("drain-seconds") * 1_000_000_000L;
            try (Connection db = db(); PreparedStatement query = db.prepareStatement(
                    "select count(*) from jobs where question like ? and status in ('COMPLETED', 'FAILED')")) {
                query.setString(1, tag + " %");
                while (System.nanoTime() < deadline) {
                    try (ResultSet row = query.executeQuery()) {
                        row.next();
                        if (row.getLong(1) >= expected) {
                            return true;
                        }
                    }
                    Thread.sleep(200);
                }
            }
            return false;
        }

        private Connection db() throws SQLException {
            return DriverManager.getConnection(infrastructure.jdbcUrl(), infrastructure.jdbcUsername(),
                    infrastructure.jdbcPassword());
        }

        private static java.sql.Timestamp now() {
            return new java.sql.Timestamp(System.currentTimeMillis());
        }

        private static String tag(String scenario) {
            return "e2e " + UUID.randomUUID().toString().substring(0, 8) + " " + scenario;
        }

        private static String body(String tag, int question) {
            return "{\"question\": \"" + tag + " question " + question + ": what does it cost to answer?\"}";
        }
    }

    /** What one scenario measured, with its goals. */
    record Figures(String name, double offered, OpenLoopLoad.Result submits, boolean drained, long jobs,
                   long completed, long failed, double sustained, double endToEndP50, double endToEndP99,
                   long ownRuns, double[] stages) {

        static Figures read(String name, double offered, OpenLoopLoad.Result submits, boolean drained,
                            Connection db, String tag, java.sql.Timestamp from) throws SQLException {
            try (db) {
                PreparedStatement jobs = db.prepareStatement("""
                        select count(*), count(*) filter (where status = 'COMPLETED'),
                               count(*) filter (where status = 'FAILED'),
                               extract(epoch from max(completed_at) - min(submitted_at)),
                               percentile_cont(0.5) within group (order by extract(epoch from completed_at - submitted_at)),
                               percentile_cont(0.99) within group (order by extract(epoch from completed_at - submitted_at))
                        from jobs where question like ? and submitted_at >= ?""");
                jobs.setString(1, tag + " %");
                jobs.setTimestamp(2, from);
                PreparedStatement stages = db.prepareStatement("""
                        select count(*),
                               percentile_cont(0.5) within group (order by extract(epoch from r.started_at - j.submitted_at)),
                               percentile_cont(0.99) within group (order by extract(epoch from r.started_at - j.submitted_at)),
                               percentile_cont(0.5) within group (order by extract(epoch from r.finished_at - r.started_at)),
                               percentile_cont(0.99) within group (order by extract(epoch from r.finished_at - r.started_at)),
                               percentile_cont(0.5) within group (order by extract(epoch from j.completed_at - r.finished_at)),
                               percentile_cont(0.99) within group (order by extract(epoch from j.completed_at - r.finished_at))
                        from jobs j join runs r on r.id = j.run_id
                        where j.question like ? and j.submitted_at >= ? and j.source = 'LLM' and j.status = 'COMPLETED'""");
                stages.setString(1, tag + " %");
                stages.setTimestamp(2, from);
                try (ResultSet j = jobs.executeQuery(); ResultSet s = stages.executeQuery()) {
                    j.next();
                    s.next();
                    double span = j.getDouble(4);
                    double[] stageMillis = new double[6];
                    for (int i = 0; i < 6; i++) {
                        stageMillis[i] = s.getDouble(i + 2) * 1000;
                    }
                    return new Figures(name, offered, submits, drained, j.getLong(1), j.getLong(2), j.getLong(3),
                            span > 0 ? j.getLong(2) / span : 0, j.getDouble(5) * 1000, j.getDouble(6) * 1000,
                            s.getLong(1), stageMillis);
                }
            }
        }

        String report() {
            return String.format(Locale.ROOT, """
                      offered %.0f/s, sent %d in %.1f s; answers 202 %d, 200 %d, 429 %d, 503 %d, other %d, none %d
                      jobs %d: COMPLETED %d, FAILED %d, all ended in time: %s
                      sustained end to end     %8.1f jobs/s
                      submit latency           p50 %8.1f ms  p99 %8.1f ms
                      submit -> COMPLETED      p50 %8.1f ms  p99 %8.1f ms
                      stages of %d jobs that ran their own chain (p50 / p99, ms):
                        submit -> run start    %8.1f / %8.1f
                        run                    %8.1f / %8.1f
                        run end -> COMPLETED   %8.1f / %8.1f""",
                    offered, submits.sent(), submits.sendSeconds(), submits.count(202), submits.count(200),
                    submits.count(429), submits.count(503),
                    submits.refused() - submits.count(429) - submits.count(503) - submits.failures(),
                    submits.failures(), jobs, completed, failed, drained, sustained, submits.quantileMillis(0.5),
                    submits.quantileMillis(0.99), endToEndP50, endToEndP99, ownRuns, stages[0], stages[1],
                    stages[2], stages[3], stages[4], stages[5]);
        }

        String summary() {
            String figures = String.format(Locale.ROOT,
                    "%-8s %6.0f/s offered: %7.1f jobs/s%s, submit p50 %.1f / p99 %.1f ms%s, COMPLETED p50 %.1f%s / p99 %.1f ms%s",
                    name, offered, sustained, goal("sustained"), submits.quantileMillis(0.5),
                    submits.quantileMillis(0.99), goal("submit"), endToEndP50, goal("p50"), endToEndP99, goal("p99"));
            return figures + (missed().isEmpty() ? "" : "  MISSED");
        }

        private String goal(String figure) {
            return switch (name + " " + figure) {
                case "distinct sustained" -> " [>= " + (int) GOAL_SUSTAINED + "]";
                case "distinct submit" -> " [p99 <= " + (int) GOAL_NEW_SUBMIT_P99_MS + "]";
                case "cached submit" -> " [p99 <= " + (int) GOAL_CACHED_SUBMIT_P99_MS + "]";
                case "light p50" -> " [<= " + (int) GOAL_LIGHT_P50_MS + "]";
                case "light p99" -> " [<= " + (int) GOAL_LIGHT_P99_MS + "]";
                default -> "";
            };
        }

        List<String> missed() {
            List<String> missed = new ArrayList<>();
            if (!drained || failed > 0 || submits.refused() > 0) {
                missed.add(name + ": not every job accepted and ended");
            }
            switch (name) {
                case "distinct" -> {
                    if (sustained < GOAL_SUSTAINED) {
                        missed.add("distinct sustained");
                    }
                    if (submits.quantileMillis(0.99) > GOAL_NEW_SUBMIT_P99_MS) {
                        missed.add("distinct submit p99");
                    }
                }
                case "light" -> {
                    if (endToEndP50 > GOAL_LIGHT_P50_MS || endToEndP99 > GOAL_LIGHT_P99_MS) {
                        missed.add("light submit->COMPLETED");
                    }
                }
                case "cached" -> {
                    if (submits.quantileMillis(0.99) > GOAL_CACHED_SUBMIT_P99_MS) {
                        missed.add("cached submit p99");
                    }
                    if (sustained < offered * 0.95) {
                        missed.add("cached rate");
                    }
                }
                default -> {
                    // tenth: no goal of its own beyond every job ending
                }
            }
            return missed;
        }

        boolean met() {
            return missed().isEmpty();
        }
    }
}
