package dev.handoff.channel;

import dev.handoff.desk.support.EventLog;
import dev.handoff.desk.support.Sockets;
import io.socket.client.Socket;
import java.util.List;
import org.json.JSONException;
import org.json.JSONObject;

/** A user of Rasa's socketio channel with the Java Socket.IO client; every event received is in {@link #events}. */
final class RasaUser implements AutoCloseable {
    final EventLog events;
    final Socket socket;

    private RasaUser(Socket socket, String name) {
        this.socket = socket;
        this.events = new EventLog("user " + name);
        for (String event : List.of(
                "session_confirm",
                "bot_uttered",
                "handoff_status",
                "chat_history",
                "error",
                Socket.EVENT_CONNECT,
                Socket.EVENT_CONNECT_ERROR)) {
            socket.on(event, args -> events.add(event, args.length > 0 ? args[0] : null));
        }
    }

    static RasaUser connect(String url, String name, String... transports) {
        RasaUser user = new RasaUser(Sockets.socket(url, null, transports), name);
        user.socket.connect();
        user.events.await(Socket.EVENT_CONNECT);
        return user;
    }

    /** Sends {@code session_request} and returns the confirmed session id. */
    String session(JSONObject request) {
        socket.emit("session_request", request);
        return (String) events.await("session_confirm");
    }

    void emit(String event, JSONObject payload) {
        socket.emit(event, payload);
    }

    void say(String session, String text) {
        socket.emit("user_uttered", json("message", text, "session_id", session));
    }

    /** Waits for the {@code bot_uttered} with exactly this text. */
    JSONObject expect(String text) {
        return (JSONObject) events.await("bot_uttered", d -> text.equals(((JSONObject) d).optString("text")));
    }

    JSONObject expectError(String code) {
        return (JSONObject) events.await("error", d -> code.equals(((JSONObject) d).optString("code")));
    }

    static JSONObject json(Object... kv) {
        JSONObject o = new JSONObject();
        try {
            for (int i = 0; i < kv.length; i += 2) o.put((String) kv[i], kv[i + 1]);
        } catch (JSONException e) {
            throw new IllegalArgumentException(e);
        }
        return o;
    }

    @Override
    public void close() {
        socket.disconnect();
        socket.close();
    }
}
