package dev.handoff.desk.security.transport;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.joran.spi.JoranException;
import java.io.OutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * The desk's log as it is written in production: logback configured from the shipped {@code
 * logback.xml} (not the tests' {@code logback-test.xml}), with every byte it writes counted and every
 * line kept. {@link #close()} puts the tests' configuration back.
 */
final class ProductionLog implements AutoCloseable {
    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final List<String> lines = new ArrayList<>();
    private long bytes;

    private ProductionLog() {
        configure("logback.xml");
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        // the shipped pattern; stack traces are appended as logback does by default
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n");
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.start();
        OutputStreamAppender<ILoggingEvent> counting = new OutputStreamAppender<>();
        counting.setContext(context);
        counting.setName("counting");
        counting.setEncoder(encoder);
        counting.setOutputStream(new OutputStream() {
            private final StringBuilder line = new StringBuilder();

            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (ProductionLog.this) {
                    bytes += len;
                    line.append(new String(b, off, len, StandardCharsets.UTF_8));
                    for (int nl = line.indexOf("\n"); nl >= 0; nl = line.indexOf("\n")) {
                        lines.add(line.substring(0, nl));
                        line.delete(0, nl + 1);
                    }
                }
            }
        });
        counting.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(counting);
    }

    static ProductionLog start() {
        return new ProductionLog();
    }

    private void configure(String resource) {
        URL url = ProductionLog.class.getClassLoader().getResource(resource);
        if (url == null) throw new IllegalStateException(resource + " is not on the class path");
        context.reset();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(url);
        } catch (JoranException e) {
            throw new IllegalStateException(e);
        }
    }

    synchronized long bytes() {
        return bytes;
    }

    synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /** Waits until a line containing {@code text} was written. */
    String await(String text) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (String l : lines()) if (l.contains(text)) return l;
            Thread.sleep(20);
        }
        throw new AssertionError("no log line containing '" + text + "' in " + lines());
    }

    @Override
    public void close() {
        configure("logback-test.xml");
    }
}
