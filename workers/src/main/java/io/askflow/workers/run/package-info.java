/**
 * Consuming {@code askflow.tasks}: {@link io.askflow.workers.run.RunConsumer} (one thread that keeps polling,
 * pauses the partitions while every Ollama slot is taken, commits per partition only the unbroken prefix of tasks
 * whose effect is durable) hands each task to a {@link io.askflow.workers.run.RunHandler} on a runner thread,
 * which runs its chain, publishes progress to {@code askflow.task-progress} and the {@code RunResult} to
 * {@code askflow.task-results}, and dead-letters what cannot be run to {@code askflow.tasks.dlt}.
 */
package io.askflow.workers.run;


