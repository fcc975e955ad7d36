package dev.handoff.desk.core;

import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@link HelpDesk}'s open chats and the indexes its paths read instead of walking every open chat: the queue of
 * each department in its order ({@link Place}), the chats of each agent and the number of each bot, how many waiting
 * chats of a department want the notices addition, and what changed since the desk last looked: which departments'
 * queues (for the gauges), from which place on a department's positions may have changed, and which chats may be due
 * an {@code agent_joined}.
 *
 * <p>The indexes hold what {@link #changed} last read from each chat: the desk calls it after every transition of a
 * chat that moves it in or out of a queue, between departments or agents, or changes whether its connection wants
 * notices ({@link Chat#wantsNotices()}); a chat's {@link Chat#append messages} do not concern them. Each call costs
 * O(log n).
 *
 * <p>Threads: everything here is read and written under the desk's lock only.
 */
final class OpenChats {
    /**
     * A waiting chat's place in its department's queue: when it was queued (when it was created, for a chat stored
     * without it), when it was created, then the order the chats were opened in this desk: the queue's order.
     */
    record Place(Instant queuedAt, Instant createdAt, long opened) implements Comparable<Place> {
        @Override
        public int compareTo(Place o) {
            int c = queuedAt.compareTo(o.queuedAt);
            if (c != 0) return c;
            c = createdAt.compareTo(o.createdAt);
            return c != 0 ? c : Long.compare(opened, o.opened);
        }
    }

    /** When a chat's timers must next be looked at, then the order the chats were opened in. */
    private record Wake(Instant at, long opened) implements Comparable<Wake> {
        @Override
        public int compareTo(Wake o) {
            int c = at.compareTo(o.at);
            return c != 0 ? c : Long.compare(opened, o.opened);
        }
    }

    /** What the indexes hold for one chat. */
    private static final class Entry {
        final Chat chat;
        final long opened;
        /** Its place and department while it waits in a queue, else {@code null}. */
        Place place;

        String department;
        /** Its agent, while it has one. */
        String agent;
        /** Whether it waits and its connection wants the notices addition. */
        boolean noticed;
        /** When its timers are next looked at, or {@code null} while {@link #takeDue} hands it out. */
        Wake wake;

        Entry(Chat chat, long opened) {
            this.chat = chat;
            this.opened = opened;
        }
    }

    private final Map<String, Entry> byId = new LinkedHashMap<>();
    private final Map<String, TreeMap<Place, Chat>> queues = new HashMap<>();
    private final Map<String, TreeMap<Long, Chat>> byAgent = new HashMap<>();
    private final Map<String, Integer> byBot = new HashMap<>();
    /** Per department, the waiting chats that want notices. */
    private final Map<String, Integer> noticed = new HashMap<>();

    private final Set<String> changedQueues = new LinkedHashSet<>();
    private final Map<String, Place> positionsFrom = new LinkedHashMap<>();
    private final TreeMap<Long, Chat> agentJoinedDue = new TreeMap<>();
    private final TreeMap<Wake, Chat> wakes = new TreeMap<>();
    private final java.util.function.Function<Chat, Instant> nextDue;
    private long opened;
    private int queued;

    /**
     * {@code nextDue} says when a chat's timers must next be looked at: no later than the first moment one of them
     * can fire given the chat's state now ({@link TimerRules#nextDue}).
     */
    OpenChats(java.util.function.Function<Chat, Instant> nextDue) {
        this.nextDue = nextDue;
    }

    /** A chat enters the desk (opened, or resumed at start), indexed as it is. */
    void add(Chat chat) {
        Entry e = new Entry(chat, opened++);
        byId.put(chat.id, e);
        byBot.merge(chat.botId, 1, Integer::sum);
        reindex(e);
    }

    /** The chat left the desk (archived). */
    void remove(Chat chat) {
        Entry e = byId.remove(chat.id);
        if (e == null) return;
        byBot.computeIfPresent(chat.botId, (k, n) -> n == 1 ? null : n - 1);
        unqueue(e);
        unassign(e);
        agentJoinedDue.remove(e.opened);
        if (e.wake != null) wakes.remove(e.wake);
    }

    /** The chat changed (status, department, agent, connection): its indexes follow. */
    void changed(Chat chat) {
        Entry e = byId.get(chat.id);
        if (e != null) reindex(e);
    }

    private void reindex(Entry e) {
        Chat chat = e.chat;
        if (chat.status() == ChatStatus.QUEUED) {
            Place place =
                    new Place(chat.queuedAt() == null ? chat.createdAt : chat.queuedAt(), chat.createdAt, e.opened);
            boolean wants = chat.wantsNotices();
            if (!place.equals(e.place) || !chat.department().equals(e.department) || wants != e.noticed) {
                unqueue(e);
                e.place = place;
                e.department = chat.department();
                e.noticed = wants;
                queues.computeIfAbsent(e.department, k -> new TreeMap<>()).put(place, chat);
                queued++;
                changedQueues.add(e.department);
                if (wants) noticed.merge(e.department, 1, Integer::sum);
                // the chats behind it moved one place back
                if (noticed.containsKey(e.department)) positionsChanged(e.department, place);
            } else if (wants) {
                positionsChanged(e.department, place); // its connection may have been told nothing yet
            }
        } else {
            unqueue(e);
        }
        if (!java.util.Objects.equals(chat.agent(), e.agent)) {
            unassign(e);
            if (chat.agent() != null) {
                e.agent = chat.agent();
                byAgent.computeIfAbsent(e.agent, k -> new TreeMap<>()).put(e.opened, chat);
            }
        }
        if (chat.status() == ChatStatus.ASSIGNED && chat.wantsNotices()) agentJoinedDue.put(e.opened, chat);
        Wake wake = new Wake(nextDue.apply(chat), e.opened);
        if (!wake.equals(e.wake)) {
            if (e.wake != null) wakes.remove(e.wake);
            e.wake = wake;
            wakes.put(wake, chat);
        }
    }

    private void unqueue(Entry e) {
        if (e.place == null) return;
        TreeMap<Place, Chat> queue = queues.get(e.department);
        queue.remove(e.place);
        if (queue.isEmpty()) queues.remove(e.department);
        queued--;
        changedQueues.add(e.department);
        if (e.noticed) noticed.computeIfPresent(e.department, (k, n) -> n == 1 ? null : n - 1);
        // the chats behind it moved one place forward
        if (noticed.containsKey(e.department)) positionsChanged(e.department, e.place);
        e.place = null;
        e.department = null;
        e.noticed = false;
    }

    private void unassign(Entry e) {
        if (e.agent == null) return;
        TreeMap<Long, Chat> chats = byAgent.get(e.agent);
        chats.remove(e.opened);
        if (chats.isEmpty()) byAgent.remove(e.agent);
        e.agent = null;
    }

    /** The places of {@code department}'s chats from {@code from} on may have changed: to be told. */
    void positionsChanged(String department, Place from) {
        positionsFrom.merge(department, from, (a, b) -> a.compareTo(b) <= 0 ? a : b);
    }

    // ---------------------------------------------------------------- reads

    Chat get(String chatId) {
        Entry e = chatId == null ? null : byId.get(chatId);
        return e == null ? null : e.chat;
    }

    boolean contains(String chatId) {
        return byId.containsKey(chatId);
    }

    int size() {
        return byId.size();
    }

    /** The chats waiting in {@code department}, in queue order (read only; empty when none waits). */
    NavigableMap<Place, Chat> queue(String department) {
        TreeMap<Place, Chat> queue = queues.get(department);
        return queue == null ? Collections.emptyNavigableMap() : Collections.unmodifiableNavigableMap(queue);
    }

    /** The departments where chats wait now (any order). */
    Set<String> queuedDepartments() {
        return Collections.unmodifiableSet(queues.keySet());
    }

    /** The chats waiting in {@code departments}, in the desk's queue order (by {@link Place}). */
    List<Chat> queued(Collection<String> departments) {
        TreeMap<Place, Chat> merged = new TreeMap<>();
        for (String d : departments) {
            TreeMap<Place, Chat> queue = queues.get(d);
            if (queue != null) merged.putAll(queue);
        }
        return List.copyOf(merged.values());
    }

    int queuedCount() {
        return queued;
    }

    /** The chats of {@code agent}, in the order they were opened (a copy). */
    List<Chat> of(String agent) {
        TreeMap<Long, Chat> chats = byAgent.get(agent);
        return chats == null ? List.of() : List.copyOf(chats.values());
    }

    /** The open chats of a bot. */
    int ofBot(String botId) {
        return byBot.getOrDefault(botId, 0);
    }

    /** Whether any chat waiting in {@code department} wants the notices addition. */
    boolean anyNoticed(String department) {
        return noticed.containsKey(department);
    }

    // ---------------------------------------------------------------- what changed, taken once

    /** The departments whose queue changed since the last call. */
    List<String> takeChangedQueues() {
        List<String> changed = List.copyOf(changedQueues);
        changedQueues.clear();
        return changed;
    }

    /** Per department, the first place from which positions may have changed since the last call. */
    Map<String, Place> takePositionsChanged() {
        if (positionsFrom.isEmpty()) return Map.of();
        Map<String, Place> from = new LinkedHashMap<>(positionsFrom);
        positionsFrom.clear();
        return from;
    }

    /**
     * The chats whose timers are due by {@code now}, in the order they were opened: taken out of the deadline index
     * until the caller hands each back with {@link #changed} (or it is removed). O(due × log n).
     */
    List<Chat> takeDue(Instant now) {
        var due = wakes.headMap(new Wake(now, Long.MAX_VALUE), true);
        if (due.isEmpty()) return List.of();
        TreeMap<Long, Chat> byOpened = new TreeMap<>();
        for (Map.Entry<Wake, Chat> w : due.entrySet()) {
            byOpened.put(w.getKey().opened(), w.getValue());
            byId.get(w.getValue().id).wake = null;
        }
        due.clear();
        return List.copyOf(byOpened.values());
    }

    /** The assigned chats whose connection may not know its agent yet, in the order they were opened. */
    List<Chat> takeAgentJoinedDue() {
        if (agentJoinedDue.isEmpty()) return List.of();
        List<Chat> due = List.copyOf(agentJoinedDue.values());
        agentJoinedDue.clear();
        return due;
    }
}
