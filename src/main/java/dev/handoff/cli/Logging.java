package dev.handoff.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** Log levels for the commands: logs always go to standard error (see logback.xml). */
final class Logging {
    private Logging() {}

    /** Interactive commands keep the terminal for the conversation: warnings only, unless verbose. */
    static void interactive(boolean verbose) {
        root().setLevel(verbose ? Level.INFO : Level.WARN);
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
