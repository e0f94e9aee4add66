package dev.lighthouse.bridge.rollout;

import java.util.concurrent.Executor;

/**
 * The watch run by the test, on its own thread: the check when the test calls {@link #tick()}, the SLA monitor's
 * hand-offs and the shadow's comparisons at once. With a {@link dev.lighthouse.bridge.TestClock} the test drives time and
 * never waits for a background thread.
 */
final class ManualWatcher implements Rollout.Watcher {
    private Runnable check = () -> {};

    @Override
    public void start(Runnable check) {
        this.check = check;
    }

    @Override
    public void execute(Runnable task) {
        task.run();
    }

    @Override
    public Executor shadows() {
        return Runnable::run;
    }

    @Override
    public void close() {}

    /** One tick of the watch: what the bridge does once a second. */
    void tick() {
        check.run();
    }
}
