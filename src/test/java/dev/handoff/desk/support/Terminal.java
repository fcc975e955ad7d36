package dev.handoff.desk.support;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** A terminal for a line client under test: lines typed in, lines printed out (awaitable). */
public final class Terminal {
    private static final String EOF = "\u0000eof";
    private final BlockingQueue<String> typed = new LinkedBlockingQueue<>();
    public final EventLog printed = new EventLog("terminal");
    private final StringBuilder all = new StringBuilder();

    public final BufferedReader in = new BufferedReader(Reader.nullReader()) {
        @Override
        public String readLine() {
            try {
                String line = typed.take();
                return line == EOF ? null : line;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    };

    public final PrintStream out = new PrintStream(
            new OutputStream() {
                private final ByteArrayOutputStream line = new ByteArrayOutputStream();

                @Override
                public synchronized void write(int b) {
                    if (b == '\n') {
                        String text = line.toString(StandardCharsets.UTF_8);
                        line.reset();
                        synchronized (all) {
                            all.append(text).append('\n');
                        }
                        printed.add("line", text);
                    } else {
                        line.write(b);
                    }
                }
            },
            true,
            StandardCharsets.UTF_8);

    public void type(String line) {
        typed.add(line);
    }

    public void close() {
        typed.add(EOF);
    }

    /** Waits for a printed line containing {@code text}. */
    public String awaitLine(String text) {
        return (String) printed.await("line", l -> ((String) l).contains(text));
    }

    public String screen() {
        synchronized (all) {
            return all.toString();
        }
    }
}
