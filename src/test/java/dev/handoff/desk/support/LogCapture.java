package dev.handoff.desk.support;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Collects the warnings (and errors) logged under a logger, so tests can prove bad input was reported. */
public final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {
    private final Logger logger;
    private final List<ILoggingEvent> events = new ArrayList<>();

    private LogCapture(String name) {
        this.logger = (Logger) LoggerFactory.getLogger(name);
        setName("capture");
        start();
        logger.addAppender(this);
    }

    public static LogCapture of(String name) {
        return new LogCapture(name);
    }

    @Override
    protected synchronized void append(ILoggingEvent e) {
        if (e.getLevel().isGreaterOrEqual(Level.WARN)) {
            events.add(e);
            notifyAll();
        }
    }

    /** Waits for a warning containing {@code text} and returns its message. */
    public synchronized String awaitWarning(String text) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            for (ILoggingEvent e : events) {
                if (e.getLevel() == Level.WARN && e.getFormattedMessage().contains(text))
                    return e.getFormattedMessage();
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) throw new AssertionError("no warning containing '" + text + "'; warnings: " + messages());
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new AssertionError(ex);
            }
        }
    }

    /** The threads that logged the warnings containing {@code text}. */
    public synchronized List<String> threadsOf(String text) {
        return events.stream()
                .filter(e -> e.getFormattedMessage().contains(text))
                .map(ILoggingEvent::getThreadName)
                .toList();
    }

    public synchronized List<String> messages() {
        return events.stream()
                .map(e -> e.getLevel() + " " + e.getFormattedMessage())
                .toList();
    }

    public synchronized List<String> errors() {
        return events.stream()
                .filter(e -> e.getLevel() == Level.ERROR)
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    @Override
    public void close() {
        logger.detachAppender(this);
        stop();
    }
}
