package dev.handoff.desk.process;

import dev.handoff.desk.store.ChatStore;
import dev.handoff.desk.store.StoredChat;
import dev.handoff.desk.store.StoredMessage;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A store that prints {@code committed CHAT_ID SEQ} once its delegate has committed a live message. */
final class CommitReporting implements ChatStore {
    private final ChatStore delegate;
    private final PrintStream out;

    CommitReporting(ChatStore delegate, PrintStream out) {
        this.delegate = delegate;
        this.out = out;
    }

    @Override
    public java.util.concurrent.CompletableFuture<dev.handoff.desk.store.Rated> rate(
            String chatId, int rating, String comment, java.time.Instant at) {
        return delegate.rate(chatId, rating, comment, at);
    }

    @Override
    public void create(StoredChat chat) {
        delegate.create(chat);
    }

    @Override
    public void update(StoredChat chat) {
        delegate.update(chat);
    }

    @Override
    public void updateMessage(StoredMessage message) {
        delegate.updateMessage(message);
    }

    @Override
    public void saveTranslation(StoredMessage message) {
        delegate.saveTranslation(message);
    }

    @Override
    public void append(StoredMessage message) {
        delegate.append(message);
        out.println("committed " + message.chatId() + " " + message.seq());
    }

    @Override
    public void appendFromClient(StoredMessage message, String clientId) {
        delegate.appendFromClient(message, clientId);
        out.println("committed " + message.chatId() + " " + message.seq());
    }

    @Override
    public Set<String> clientMessageIds(String chatId) {
        return delegate.clientMessageIds(chatId);
    }

    @Override
    public void acknowledgeToUser(String chatId, int id) {
        delegate.acknowledgeToUser(chatId, id);
    }

    @Override
    public int toUserAcknowledged(String chatId) {
        return delegate.toUserAcknowledged(chatId);
    }

    @Override
    public void setResumeHash(String chatId, String hash) {
        delegate.setResumeHash(chatId, hash);
    }

    @Override
    public Optional<String> resumeHash(String chatId) {
        return delegate.resumeHash(chatId);
    }

    @Override
    public void replaceHistory(String chatId, List<StoredMessage> history) {
        delegate.replaceHistory(chatId, history);
    }

    @Override
    public List<StoredMessage> messages(String chatId) {
        return delegate.messages(chatId);
    }

    @Override
    public Optional<StoredChat> chat(String chatId) {
        return delegate.chat(chatId);
    }

    @Override
    public List<StoredChat> openChats() {
        return delegate.openChats();
    }

    @Override
    public List<StoredChat> archived(int offset, int limit) {
        return delegate.archived(offset, limit);
    }

    @Override
    public List<StoredChat> archivedIn(Set<String> departments, int offset, int limit) {
        return delegate.archivedIn(departments, offset, limit);
    }

    @Override
    public List<StoredChat> searchArchive(Set<String> departments, String text, int offset, int limit) {
        return delegate.searchArchive(departments, text, offset, limit);
    }

    @Override
    public void assignmentStarted(String chatId, String agent, Instant at) {
        delegate.assignmentStarted(chatId, agent, at);
    }

    @Override
    public void assignmentEnded(String chatId, String agent, Instant at, String reason) {
        delegate.assignmentEnded(chatId, agent, at, reason);
    }

    @Override
    public List<String> assignments(String chatId) {
        return delegate.assignments(chatId);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
