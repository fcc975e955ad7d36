package dev.handoff.desk.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.desk.api.AgentEvents;
import org.json.JSONObject;

/**
 * An agent on {@code /agents} as a test script, the desk's counterpart of {@code ConversationScript}:
 * {@code AgentScript.agent(url, "ann").expectAssigned("conv-1").expectMessage("hi").say("Hello!")}.
 * Each expectation waits (up to {@link EventLog#TIMEOUT}) for the event; the chat of the last
 * {@code expectAssigned} is the one {@code say}, {@code transfer...} and {@code resolve} act on.
 */
public final class AgentScript implements AutoCloseable {
    private final TestAgent agent;
    private String chatId;
    /** The live messages the expectations saw, text → seq, for {@link #retranslate}. */
    private final java.util.Map<String, Integer> seqs = new java.util.HashMap<>();

    private AgentScript(TestAgent agent) {
        this.agent = agent;
    }

    /** Signs in as {@code name}, with the token of the test desks ({@code NAME-token}). */
    public static AgentScript agent(String url, String name) {
        return new AgentScript(TestAgent.signIn(url, name, name + "-token"));
    }

    /** Waits for {@code assigned} of the bot conversation {@code conversationId}; it becomes the current chat. */
    public AgentScript expectAssigned(String conversationId) {
        JSONObject view = (JSONObject) agent.events.await(AgentEvents.ASSIGNED, v -> ((JSONObject) v)
                .optJSONObject("chat")
                .optString("conversationId")
                .equals(conversationId));
        chatId = TestAgent.chatIdOf(view);
        return this;
    }

    /** Waits for the user's (or any) {@code message} with this text in the current chat. */
    public AgentScript expectMessage(String text) {
        agent.events.await(AgentEvents.MESSAGE, m -> {
            JSONObject o = (JSONObject) m;
            return o.optString("chatId").equals(chatId) && o.optString("text").equals(text);
        });
        return this;
    }

    /** Waits for the user's {@code message} with this text in the current chat, translated as {@code translation}. */
    public AgentScript expectTranslated(String text, String translation) {
        JSONObject m = awaitMessage(AgentEvents.MESSAGE, text);
        assertThat(m.optJSONObject("translation").optString("text")).isEqualTo(translation);
        return this;
    }

    /** Waits for the user's {@code message} with this text, marked not translated because of {@code error}. */
    public AgentScript expectNotTranslated(String text, String error) {
        JSONObject m = awaitMessage(AgentEvents.MESSAGE, text);
        assertThat(m.optJSONObject("translation").isNull("text")).isTrue();
        assertThat(m.optJSONObject("translation").optString("error")).isEqualTo(error);
        return this;
    }

    /** Waits for the echo of the agent's message {@code text}, and checks what the user was sent. */
    public AgentScript expectSent(String text, String sent) {
        JSONObject m = awaitMessage(AgentEvents.MESSAGE, text);
        assertThat(m.optString("sender")).isEqualTo("agent");
        assertThat(m.optJSONObject("translation").optString("text")).isEqualTo(sent);
        return this;
    }

    /** Waits for {@code message_updated} of the message with this text, now translated as {@code translation}. */
    public AgentScript expectUpdated(String text, String translation) {
        JSONObject m = awaitMessage(AgentEvents.MESSAGE_UPDATED, text);
        assertThat(m.optJSONObject("translation").optString("text")).isEqualTo(translation);
        return this;
    }

    /** Asks for the message with this text (one an expectation above saw) to be translated again. */
    public AgentScript retranslate(String text) {
        Integer seq = seqs.get(text);
        if (seq == null) throw new IllegalStateException("no message '" + text + "' seen yet");
        agent.emit(AgentEvents.RETRANSLATE, "chatId", current(), "seq", seq);
        return this;
    }

    /** Corrects the user's language of the current chat; returns the {@code chat} that shows it. */
    public JSONObject chatLanguage(String language) {
        agent.emit(AgentEvents.SET_CHAT_LANGUAGE, "chatId", current(), "language", language);
        return (JSONObject) agent.events.await(AgentEvents.CHAT, v -> ((JSONObject) v)
                .optJSONObject("chat")
                .optString("language")
                .equals(language));
    }

    private JSONObject awaitMessage(String event, String text) {
        JSONObject message = (JSONObject) agent.events.await(event, m -> {
            JSONObject o = (JSONObject) m;
            return o.optString("chatId").equals(chatId) && o.optString("text").equals(text);
        });
        if (!message.optBoolean("history")) seqs.put(text, message.optInt("seq"));
        return message;
    }

    /** Waits for {@code unassigned} of the current chat and checks its reason. */
    public AgentScript expectUnassigned(String reason) {
        JSONObject closed = (JSONObject) agent.events.await(
                AgentEvents.UNASSIGNED,
                c -> ((JSONObject) c).optString("chatId").equals(chatId));
        assertThat(closed.optString("reason")).isEqualTo(reason);
        return this;
    }

    /** Sends a message to the user of the current chat. */
    public AgentScript say(String text) {
        agent.emit(AgentEvents.SEND, "chatId", current(), "text", text);
        return this;
    }

    /** Sets the current chat's subject and waits for the {@code chat} that shows it. */
    public AgentScript subject(String subject) {
        agent.emit(AgentEvents.SUBJECT, "chatId", current(), "subject", subject);
        agent.events.await(
                AgentEvents.CHAT,
                v -> ((JSONObject) v).optJSONObject("chat").optString("subject").equals(subject));
        return this;
    }

    public AgentScript transferToDepartment(String department) {
        agent.emit(AgentEvents.TRANSFER, "chatId", current(), "department", department);
        return this;
    }

    public AgentScript transferToAgent(String name) {
        agent.emit(AgentEvents.TRANSFER, "chatId", current(), "agent", name);
        return this;
    }

    public AgentScript resolve() {
        agent.emit(AgentEvents.RESOLVE, "chatId", current());
        return this;
    }

    /** The current chat's id. */
    public String chatId() {
        return current();
    }

    /** The agent underneath, for what the script does not say. */
    public TestAgent raw() {
        return agent;
    }

    private String current() {
        if (chatId == null) throw new IllegalStateException("no chat yet: expectAssigned(...) first");
        return chatId;
    }

    @Override
    public void close() {
        agent.close();
    }
}
