package dev.handoff.desk.support;

import dev.handoff.desk.core.Deadlines;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@link Deadlines} moved by hand: {@link #advance} runs, on the test's thread, every action that is due by then. */
public final class ManualDeadlines implements Deadlines {
    private record Due(Duration at, Runnable action) {}

    private final List<Due> due = new ArrayList<>();
    private Duration now = Duration.ZERO;

    @Override
    public synchronized void after(Duration delay, Runnable action) {
        due.add(new Due(now.plus(delay), action));
    }

    public void advance(Duration by) {
        List<Runnable> run = new ArrayList<>();
        synchronized (this) {
            now = now.plus(by);
            due.removeIf(d -> {
                if (d.at().compareTo(now) > 0) return false;
                run.add(d.action());
                return true;
            });
        }
        run.forEach(Runnable::run);
    }
}
