package dev.handoff.desk.security.agents;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import dev.handoff.desk.api.AgentEvents;
import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.server.DeskService;
import dev.handoff.desk.store.ChatStore;
import dev.handoff.desk.store.JdbcChatStore;
import dev.handoff.desk.store.StoreException;
import dev.handoff.desk.support.TestAgent;
import dev.handoff.desk.support.TestDesks;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * An internal error reaches the agent as {@code internal} with a generic message and an error id;
 * the log has the id on the line with the stack trace, and neither says the database URL or password.
 */
class SafeErrorsTest {
    static final String PASSWORD = "s3cr3t-pw";
    static final String HOST = "db.internal.example";
    static final String URL = "jdbc:postgresql://" + HOST + ":5432/desk?user=desk&password=" + PASSWORD;

    @TempDir
    Path data;

    @Test
    void anInternalErrorReachesTheAgentAsAnErrorIdWhileTheLogKeepsTheCauseWithoutTheDatabaseUrl() {
        DeskConfig config = TestDesks.config(data);
        DeskService desk = new DeskService(config, Clock.systemUTC(), c -> failingReads(c.jdbcUrl()));
        try (Capture log = new Capture()) {
            desk.start();
            try (TestAgent ann = TestAgent.signIn(TestDesks.url(config), "ann", "ann-token")) {
                ann.emit(AgentEvents.LIST_ARCHIVE);
                JSONObject error = (JSONObject) ann.events.await(AgentEvents.ERROR);

                assertThat(error.optString("code")).isEqualTo("internal");
                assertThat(error.optString("event")).isEqualTo(AgentEvents.LIST_ARCHIVE);
                String message = error.optString("message");
                assertThat(message)
                        .doesNotContain(PASSWORD)
                        .doesNotContain(HOST)
                        .doesNotContainIgnoringCase("jdbc")
                        .doesNotContain("SQLException");
                Matcher id = Pattern.compile("E-[0-9a-f]{6}").matcher(message);
                assertThat(id.find()).as("an error id in '%s'", message).isTrue();

                List<String> errors = log.lines(Level.ERROR);
                assertThat(errors)
                        .as("the id is on the line with the stack trace")
                        .anySatisfy(line -> assertThat(line)
                                .contains(id.group())
                                .contains("StoreException")
                                .contains("cannot list the archive")
                                .contains("at dev.handoff"));
                assertThat(log.lines(Level.TRACE))
                        .allSatisfy(line ->
                                assertThat(line).doesNotContain(PASSWORD).doesNotContain(HOST));
            }
        } finally {
            desk.stop();
        }
    }

    /** The real store, whose archive reads fail as a database would, with its URL in the messages. */
    static ChatStore failingReads(String jdbcUrl) {
        ChatStore real = JdbcChatStore.open(jdbcUrl, null, null);
        Set<String> failing = Set.of("archived", "archivedIn");
        InvocationHandler handler = (proxy, method, args) -> {
            if (failing.contains(method.getName())) {
                throw new StoreException(
                        "database " + URL + ": cannot list the archive",
                        new SQLException("Connection to " + URL + " refused", "08001"));
            }
            try {
                return method.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (ChatStore)
                Proxy.newProxyInstance(ChatStore.class.getClassLoader(), new Class<?>[] {ChatStore.class}, handler);
    }

    /** Every log line of the process at or above a level, with its stack trace as logback prints it. */
    static final class Capture extends AppenderBase<ILoggingEvent> implements AutoCloseable {
        private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        private final List<ILoggingEvent> events = new ArrayList<>();

        Capture() {
            start();
            root.addAppender(this);
        }

        @Override
        protected synchronized void append(ILoggingEvent e) {
            events.add(e);
        }

        synchronized List<String> lines(Level atLeast) {
            return events.stream()
                    .filter(e -> e.getLevel().isGreaterOrEqual(atLeast))
                    .map(e -> e.getLevel() + " " + e.getFormattedMessage()
                            + (e.getThrowableProxy() == null
                                    ? ""
                                    : "\n" + ThrowableProxyUtil.asString(e.getThrowableProxy())))
                    .toList();
        }

        @Override
        public void close() {
            root.detachAppender(this);
            stop();
        }
    }
}
