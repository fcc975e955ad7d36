package dev.handoff.desk.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A {@link ChatStore} in memory, for unit tests of the desk's domain logic. */
public final class InMemoryChatStore implements ChatStore {
    private final Map<String, StoredChat> chats = new LinkedHashMap<>();
    private final Map<String, List<StoredMessage>> history = new LinkedHashMap<>();
    private final Map<String, List<StoredMessage>> live = new LinkedHashMap<>();
    private final Map<String, List<String[]>> assignments = new LinkedHashMap<>();
    private final Map<String, Set<String>> clientIds = new LinkedHashMap<>();
    private final Map<String, Integer> acknowledged = new LinkedHashMap<>();
    private final Map<String, String> resumeHashes = new LinkedHashMap<>();
    private final Map<String, Object[]> ratings = new LinkedHashMap<>();

    @Override
    public synchronized java.util.concurrent.CompletableFuture<Rated> rate(
            String chatId, int rating, String comment, Instant at) {
        if (!chats.containsKey(chatId)) return java.util.concurrent.CompletableFuture.completedFuture(Rated.NO_CHAT);
        if (ratings.putIfAbsent(chatId, new Object[] {rating, comment, at}) != null)
            return java.util.concurrent.CompletableFuture.completedFuture(Rated.ALREADY_RATED);
        return java.util.concurrent.CompletableFuture.completedFuture(Rated.RATED);
    }

    /** The chat's rating as stored: {rating, comment, at}, or {@code null}. */
    public synchronized Object[] rating(String chatId) {
        return ratings.get(chatId);
    }

    @Override
    public synchronized void create(StoredChat chat) {
        if (chats.putIfAbsent(chat.id(), chat) != null)
            throw new IllegalStateException("chat " + chat.id() + " exists");
    }

    @Override
    public synchronized void update(StoredChat chat) {
        if (chats.replace(chat.id(), chat) == null) throw new IllegalStateException("no chat " + chat.id());
    }

    @Override
    public synchronized void append(StoredMessage message) {
        live.computeIfAbsent(message.chatId(), k -> new ArrayList<>()).add(message);
    }

    @Override
    public synchronized void appendFromClient(StoredMessage message, String clientId) {
        if (!clientIds.computeIfAbsent(message.chatId(), k -> new HashSet<>()).add(clientId))
            throw new IllegalStateException("chat " + message.chatId() + " has client id " + clientId);
        append(message);
    }

    @Override
    public synchronized Set<String> clientMessageIds(String chatId) {
        return Set.copyOf(clientIds.getOrDefault(chatId, Set.of()));
    }

    @Override
    public synchronized void acknowledgeToUser(String chatId, int id) {
        acknowledged.merge(chatId, id, Math::max);
    }

    @Override
    public synchronized int toUserAcknowledged(String chatId) {
        return acknowledged.getOrDefault(chatId, 0);
    }

    @Override
    public synchronized void setResumeHash(String chatId, String hash) {
        if (!chats.containsKey(chatId)) throw new IllegalStateException("no chat " + chatId);
        resumeHashes.put(chatId, hash);
    }

    @Override
    public synchronized Optional<String> resumeHash(String chatId) {
        return Optional.ofNullable(resumeHashes.get(chatId));
    }

    @Override
    public synchronized void replaceHistory(String chatId, List<StoredMessage> messages) {
        history.put(chatId, new ArrayList<>(messages));
    }

    @Override
    public synchronized void updateMessage(StoredMessage message) {
        List<StoredMessage> in = (message.history() ? history : live).get(message.chatId());
        if (in != null) in.replaceAll(m -> m.seq() == message.seq() && m.history() == message.history() ? message : m);
    }

    @Override
    public synchronized void saveTranslation(StoredMessage message) {
        List<StoredMessage> in = (message.history() ? history : live).get(message.chatId());
        if (in != null) {
            in.replaceAll(m -> m.seq() == message.seq()
                            && m.history() == message.history()
                            && java.util.Objects.equals(m.language(), message.language())
                    ? message
                    : m);
        }
    }

    @Override
    public synchronized List<StoredMessage> messages(String chatId) {
        List<StoredMessage> all = new ArrayList<>(history.getOrDefault(chatId, List.of()));
        all.addAll(live.getOrDefault(chatId, List.of()));
        return List.copyOf(all);
    }

    @Override
    public synchronized Optional<StoredChat> chat(String chatId) {
        return Optional.ofNullable(chats.get(chatId));
    }

    @Override
    public synchronized List<StoredChat> openChats() {
        return chats.values().stream()
                .filter(c -> !c.status().equals("archived"))
                .toList();
    }

    @Override
    public synchronized List<StoredChat> archived(int offset, int limit) {
        return archived(c -> true, offset, limit);
    }

    @Override
    public synchronized List<StoredChat> archivedIn(Set<String> departments, int offset, int limit) {
        return archived(c -> departments.contains(c.department()), offset, limit);
    }

    @Override
    public synchronized List<StoredChat> searchArchive(Set<String> departments, String text, int offset, int limit) {
        String t = text.toLowerCase(java.util.Locale.ROOT);
        java.util.function.Predicate<String> has =
                v -> v != null && v.toLowerCase(java.util.Locale.ROOT).contains(t);
        return archived(
                c -> (departments == null || departments.contains(c.department()))
                        && (has.test(c.conversationId())
                                || has.test(c.id())
                                || c.contact() != null
                                        && (has.test(c.contact().name())
                                                || has.test(c.contact().email())
                                                || has.test(c.contact().phone()))),
                offset,
                limit);
    }

    private List<StoredChat> archived(java.util.function.Predicate<StoredChat> filter, int offset, int limit) {
        return chats.values().stream()
                .filter(c -> c.status().equals("archived"))
                .filter(filter)
                .sorted(Comparator.comparing(StoredChat::archivedAt).reversed().thenComparing(StoredChat::id))
                .skip(offset)
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized void assignmentStarted(String chatId, String agent, Instant at) {
        assignments.computeIfAbsent(chatId, k -> new ArrayList<>()).add(new String[] {agent, "open"});
    }

    @Override
    public synchronized void assignmentEnded(String chatId, String agent, Instant at, String reason) {
        for (String[] a : assignments.getOrDefault(chatId, List.of())) {
            if (a[0].equals(agent) && a[1].equals("open")) a[1] = reason;
        }
    }

    @Override
    public synchronized List<String> assignments(String chatId) {
        return assignments.getOrDefault(chatId, List.of()).stream()
                .map(a -> a[0] + ":" + a[1])
                .toList();
    }

    @Override
    public void close() {}
}
