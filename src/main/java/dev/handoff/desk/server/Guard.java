package dev.handoff.desk.server;

import com.corundumstudio.socketio.SocketIOClient;
import dev.handoff.desk.api.DeskError;
import dev.handoff.desk.core.DeskException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.slf4j.Logger;

/**
 * Runs an event handler so that nothing a client sends can crash the desk or disturb another connection.
 *
 * <p>A failure the desk did not foresee (anything but a refusal or a malformed payload) reaches the
 * client as {@code internal} with a generic message and an error id ({@code E-1a2b3c}); the desk's log
 * has the same id on the line with the stack trace. The exception's own message, which may name the
 * database, never reaches the client, and reaches the log with database URLs and passwords masked.
 */
final class Guard {
    /** A JDBC URL up to the next space or quote, leaving a trailing {@code :,;.)} to the sentence. */
    private static final Pattern JDBC_URL =
            Pattern.compile("(?i)\\b(jdbc:[a-z0-9]+:)[^\\s'\"<>]*?(?=[:,;.)]?(?:[\\s'\"<>]|$))");

    private static final Pattern URL_USER_INFO =
            Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/\\s@:'\"]+:[^/\\s@'\"]+@");
    private static final Pattern PASSWORD = Pattern.compile("(?i)\\b(password|pwd|passwd)=[^&;\\s'\"]*");
    /** How deep a cause chain is copied into the log; deeper causes are left out. */
    private static final int MAX_CAUSES = 16;

    private Guard() {}

    interface Handler {
        void handle();
    }

    interface OnRefused {
        void refused(DeskError.Code code, String message);
    }

    static void run(
            Logger log,
            String namespace,
            String event,
            SocketIOClient client,
            String who,
            Handler handler,
            OnRefused onRefused) {
        try {
            handler.handle();
        } catch (BadPayload e) {
            log.warn(
                    "{} {} from {} ({}): malformed payload: {}",
                    namespace,
                    event,
                    client.getSessionId(),
                    who,
                    e.getMessage());
            onRefused.refused(DeskError.Code.BAD_REQUEST, e.getMessage());
        } catch (DeskException e) {
            if (e.code() == DeskError.Code.UNAVAILABLE) {
                // cluster mode, no leader now: the client comes back and sends again what was not acknowledged
                log.warn(
                        "{} {} from {} ({}): {}; the connection is closed so that the client resumes",
                        namespace,
                        event,
                        client.getSessionId(),
                        who,
                        e.getMessage());
                // an agent's console is told why before it reconnects; a bot is not (it would take a refusal as final)
                if (dev.handoff.desk.api.AgentEvents.NAMESPACE.equals(namespace))
                    onRefused.refused(e.code(), e.getMessage());
                LiveAgentEndpoint.drop(client);
                return;
            }
            log.warn(
                    "{} {} from {} ({}): refused ({}): {}",
                    namespace,
                    event,
                    client.getSessionId(),
                    who,
                    e.code().wire(),
                    e.getMessage());
            onRefused.refused(e.code(), e.getMessage());
        } catch (RuntimeException e) {
            String id = errorId();
            log.error(
                    "{} {} from {} ({}): failed, error {}: {}",
                    namespace,
                    event,
                    client.getSessionId(),
                    who,
                    id,
                    mask(e.toString()),
                    masked(e));
            onRefused.refused(
                    DeskError.Code.INTERNAL,
                    "the desk could not handle " + event + "; it logged the cause as error " + id);
        }
    }

    /**
     * A future's failure, to throw from a {@link Handler} so that it is handled as if thrown there: unwrapped from
     * its {@link java.util.concurrent.CompletionException}, a checked one wrapped.
     */
    static RuntimeException unchecked(Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause()
                : failure;
        return cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
    }

    /** A short id that ties what a client was told to the log line with the stack trace: {@code E-1a2b3c}. */
    static String errorId() {
        return String.format("E-%06x", ThreadLocalRandom.current().nextInt(1 << 24));
    }

    /** {@code text} with database URLs, credentials in URLs and {@code password=} values masked. */
    static String mask(String text) {
        if (text == null) return null;
        String s = JDBC_URL.matcher(text).replaceAll("$1***");
        s = URL_USER_INFO.matcher(s).replaceAll("$1***@");
        return PASSWORD.matcher(s).replaceAll("$1=***");
    }

    /**
     * A copy of {@code e} for the log: each exception of the cause chain with its class, its masked
     * message and its stack trace.
     */
    static Throwable masked(Throwable e) {
        return masked(e, new IdentityHashMap<>(), 0);
    }

    private static Masked masked(Throwable e, Map<Throwable, Boolean> seen, int depth) {
        if (e == null || depth >= MAX_CAUSES || seen.put(e, Boolean.TRUE) != null) return null;
        Masked copy = new Masked(mask(e.toString()), masked(e.getCause(), seen, depth + 1));
        copy.setStackTrace(e.getStackTrace());
        return copy;
    }

    /** An exception as logged: {@code message} is the original's {@code toString()}, masked. */
    static final class Masked extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Masked(String message, Throwable cause) {
            super(message, cause, false, true);
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }
}
