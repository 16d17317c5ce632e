package io.askflow.workers.task;

/** What a runner thread does with one task record; it must end by calling {@link TaskHandle#finish(boolean)}. */
@FunctionalInterface
public interface TaskWork {

    void run(TaskHandle handle);
}
