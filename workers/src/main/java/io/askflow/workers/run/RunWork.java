package io.askflow.workers.run;

/** What a runner thread does with one task record; it must end by calling {@link RunHandle#finish(boolean)}. */
@FunctionalInterface
public interface RunWork {

    void run(RunHandle handle);
}
