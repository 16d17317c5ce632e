package io.askflow.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * How close the workers come to the throughput the Ollama hosts allow. Drives {@code --tasks} chain runs through
 * the workers against simulated Ollama hosts of {@code --slots} slots and {@code --latency-ms} per call, once with
 * one worker and one host and once with two workers and two hosts, {@code --runs} times, and prints chains per
 * second against the ceiling (hosts × slots / latency / steps per chain), each simulator's highest concurrency and
 * the 503s seen. The goals: at least 95 % of the ceiling with no 503 from the simulators, and two workers with two
 * hosts at least 1.9 times one worker with one host (in the same run). Exits with 1 when a goal is missed.
 *
 * <pre>
 * mvn -q -pl infra/bench -am package -DskipTests
 * java -cp "infra/bench/target/askflow-bench.jar:infra/bench/target/lib/*" io.askflow.bench.WorkerThroughputBenchmark \
 *     --tasks 400 --slots 4 --latency-ms 500 --runs 3
 * </pre>
 */
public final class WorkerThroughputBenchmark {

    private static final double CEILING_GOAL = 0.95;
    private static final double SCALING_GOAL = 1.9;

    private WorkerThroughputBenchmark() {
    }

    public static void main(String[] args) throws InterruptedException {
        BenchArguments options;
        WorkerScenario one;
        WorkerScenario two;
        try {
            options = BenchArguments.parse("WorkerThroughputBenchmark", args, BenchArguments.defaults(
                    "tasks", "400", "slots", "4", "latency-ms", "500", "runs", "3", "chain", "answer",
                    "partitions", "6", "checkpoints", "true"));
            one = scenario(options, 1);
            two = scenario(options, 2);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        printHeader(options, one);
        List<ScenarioResult[]> runs = new ArrayList<>();
        for (int run = 1; run <= options.positive("runs"); run++) {
            ScenarioResult single = one.run();
            print(run, single);
            ScenarioResult double_ = two.run();
            print(run, double_);
            System.out.printf(Locale.ROOT, "run %d: 2 workers + 2 hosts / 1 worker + 1 host = %.2f%n", run,
                    double_.chainsPerSecond() / single.chainsPerSecond());
            runs.add(new ScenarioResult[] {single, double_});
        }
        System.exit(verdict(runs) ? 0 : 1);
    }

    private static WorkerScenario scenario(BenchArguments options, int size) {
        return new WorkerScenario(size, size, options.positive("slots"), options.positive("latency-ms"),
                options.positive("tasks"), options.text("chain"), options.positive("partitions"),
                options.flag("checkpoints"));
    }

    private static void printHeader(BenchArguments options, WorkerScenario one) {
        System.out.printf(Locale.ROOT, "Askflow worker throughput: %s%n", options.describe());
        System.out.printf(Locale.ROOT, "chain %s (%d step(s)); workers are Spring contexts in this JVM, with the"
                        + " embedded Kafka, Redis and the simulators (no queue: a call beyond the slots gets a 503)%n",
                one.chain(), one.steps());
        System.out.printf(Locale.ROOT, "machine: %d cores, load average %.2f, Java %s%n",
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), System.getProperty("java.version"));
        System.out.printf(Locale.ROOT, "%-4s %-8s %-6s %-9s %-9s %-9s %-8s %-17s %-5s %s%n", "run", "workers",
                "hosts", "seconds", "chains/s", "ceiling", "reached", "max in flight", "503s", "failed");
    }

    private static void print(int run, ScenarioResult result) {
        System.out.printf(Locale.ROOT, "%-4d %-8d %-6d %-9.2f %-9.2f %-9.2f %-8s %-17s %-5d %d%n", run,
                result.workers(), result.hosts(), result.seconds(), result.chainsPerSecond(), result.ceiling(),
                String.format(Locale.ROOT, "%.1f%%", 100 * result.ofCeiling()), result.maxInFlight(),
                result.busyRejections(), result.failed());
    }

    private static boolean verdict(List<ScenarioResult[]> runs) {
        double single = median(runs, pair -> pair[0].chainsPerSecond());
        double double_ = median(runs, pair -> pair[1].chainsPerSecond());
        double singleShare = median(runs, pair -> pair[0].ofCeiling());
        double doubleShare = median(runs, pair -> pair[1].ofCeiling());
        double ratio = median(runs, pair -> pair[1].chainsPerSecond() / pair[0].chainsPerSecond());
        long rejections = runs.stream().mapToLong(pair -> pair[0].busyRejections() + pair[1].busyRejections()).sum();
        long failed = runs.stream().mapToLong(pair -> pair[0].failed() + pair[1].failed()).sum();
        System.out.printf(Locale.ROOT, "median of %d run(s): 1 worker + 1 host %.2f chains/s (%.1f%% of ceiling),"
                        + " 2 workers + 2 hosts %.2f chains/s (%.1f%% of ceiling), ratio %.2f; 503s %d, failed %d%n",
                runs.size(), single, 100 * singleShare, double_, 100 * doubleShare, ratio, rejections, failed);
        boolean ceiling = singleShare >= CEILING_GOAL && doubleShare >= CEILING_GOAL && rejections == 0 && failed == 0;
        boolean scaling = ratio >= SCALING_GOAL;
        System.out.printf(Locale.ROOT, "goal >= %.0f%% of ceiling, no 503, no failure: %s; goal ratio >= %.1f: %s%n",
                100 * CEILING_GOAL, ceiling ? "met" : "MISSED", SCALING_GOAL, scaling ? "met" : "MISSED");
        return ceiling && scaling;
    }

    private static double median(List<ScenarioResult[]> runs, ToDoubleFunction<ScenarioResult[]> value) {
        double[] sorted = runs.stream().mapToDouble(value).sorted().toArray();
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
