/**
 * Askflow's benchmarks: one main class per benchmark ({@link io.askflow.bench.WorkerThroughputBenchmark}), each
 * parsing its {@code --name value} options with {@link io.askflow.bench.BenchArguments} and printing what it
 * measured next to what it should reach. Results go to {@code docs/benchmarks.md}.
 */
package io.askflow.bench;
