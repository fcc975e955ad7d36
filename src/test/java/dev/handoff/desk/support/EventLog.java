package dev.handoff.desk.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Events a test client received, in order; {@link #await} takes the first unconsumed match, waiting for it. */
public final class EventLog {
    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    public record Event(String name, Object data) {}

    private final String owner;
    private final List<Event> events = new ArrayList<>();
    private final List<Boolean> consumed = new ArrayList<>();

    public EventLog(String owner) {
        this.owner = owner;
    }

    public synchronized void add(String name, Object data) {
        events.add(new Event(name, data));
        consumed.add(false);
        notifyAll();
    }

    public Object await(String name) {
        return await(name, d -> true, TIMEOUT);
    }

    public Object await(String name, Predicate<Object> matching) {
        return await(name, matching, TIMEOUT);
    }

    public synchronized Object await(String name, Predicate<Object> matching, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (int i = 0; i < events.size(); i++) {
                Event e = events.get(i);
                if (!consumed.get(i) && e.name().equals(name) && matching.test(e.data())) {
                    consumed.set(i, true);
                    return e.data();
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError(
                        owner + ": no '" + name + "' event matching within " + timeout + "; received: " + names());
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new AssertionError(owner + ": interrupted waiting for " + name);
            }
        }
    }

    public synchronized List<Object> all(String name) {
        List<Object> out = new ArrayList<>();
        for (Event e : events) if (e.name().equals(name)) out.add(e.data());
        return out;
    }

    public synchronized List<String> names() {
        return events.stream().map(Event::name).toList();
    }
}
