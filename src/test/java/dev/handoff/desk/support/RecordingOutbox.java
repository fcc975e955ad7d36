package dev.handoff.desk.support;

import dev.handoff.desk.api.AgentEvent;
import dev.handoff.desk.core.DeskOutbox;
import java.util.ArrayList;
import java.util.List;

/** A {@link DeskOutbox} that records what the desk sends, for unit tests without sockets. */
public final class RecordingOutbox implements DeskOutbox {
    public record Sent(String to, String event, Object payload) {}

    public final List<Sent> sent = new ArrayList<>();

    /** The acknowledgement callbacks of the {@code to_user}s sent, by chat and id: a test plays the client. */
    public final java.util.Map<String, Runnable> acks = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public synchronized void toUser(String chatId, int id, String text, Runnable acknowledged) {
        sent.add(new Sent("user:" + chatId, "to_user", text));
        acks.put(chatId + "#" + id, acknowledged);
    }

    @Override
    public synchronized void agentStatus(String chatId, String status) {
        sent.add(new Sent("user:" + chatId, "agent_status", status));
    }

    @Override
    public synchronized void queuePosition(String chatId, int position, String department) {
        sent.add(new Sent("user:" + chatId, "queue_position", position + "@" + department));
    }

    @Override
    public synchronized void agentJoined(String chatId, String agent, String language) {
        sent.add(new Sent("user:" + chatId, "agent_joined", agent));
    }

    @Override
    public synchronized void endUserChat(String chatId) {
        sent.add(new Sent("user:" + chatId, "disconnect_socket", null));
    }

    @Override
    public synchronized void toAgent(String agent, AgentEvent event) {
        sent.add(new Sent("agent:" + agent, event.event(), event.payload()));
    }

    public synchronized List<Object> toUser(String chatId) {
        return sent.stream()
                .filter(s -> s.to().equals("user:" + chatId) && s.event().equals("to_user"))
                .map(Sent::payload)
                .toList();
    }

    public synchronized boolean userChatEnded(String chatId) {
        return sent.stream()
                .anyMatch(s -> s.to().equals("user:" + chatId) && s.event().equals("disconnect_socket"));
    }

    public synchronized List<Object> toAgent(String agent, String event) {
        return sent.stream()
                .filter(s -> s.to().equals("agent:" + agent) && s.event().equals(event))
                .map(Sent::payload)
                .toList();
    }

    public synchronized void clear() {
        sent.clear();
    }

    public synchronized List<Sent> all() {
        return new ArrayList<>(sent);
    }
}
