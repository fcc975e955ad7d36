package dev.handoff.desk.server;

import com.corundumstudio.socketio.SocketIOClient;
import dev.handoff.desk.api.DeskError;
import dev.handoff.desk.core.DeskException;
import org.slf4j.Logger;

/** Runs an event handler so that nothing a client sends can crash the desk or disturb another connection. */
final class Guard {
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
            log.error("{} {} from {} ({}): failed: {}", namespace, event, client.getSessionId(), who, e.toString(), e);
            onRefused.refused(DeskError.Code.INTERNAL, "the desk could not handle " + event + ": " + e.getMessage());
        }
    }
}
