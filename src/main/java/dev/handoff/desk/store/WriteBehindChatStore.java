package dev.handoff.desk.store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ChatStore} that writes behind, so that a slow or locked database delays only the writes
 * waiting for it, never the desk. Writes are queued in call order and run one at a time, in that
 * order, by one writer thread on the delegate; a write that fails is retried (backing off up to
 * {@value #MAX_BACKOFF_MS} ms) until it succeeds, so nothing is skipped and the order holds.
 * {@link #durable()} completes from the writer thread once every write issued before it is written.
 *
 * <p>The chats it was given open ({@link #openChats()}, {@link #create}) are kept in memory, with their
 * messages, until they are archived and written: {@link #messages} and {@link #chat} of such a chat are
 * answered from memory, without the database. Other reads go to the database on the caller's thread:
 * {@link #archived} and {@link #assignments} wait for the writes issued before them first, so callers
 * must not be event threads.
 *
 * <p>The queue is bounded: it holds {@link #capacity(int)} writes at most ({@code maxPendingWrites} and as many
 * again, at least {@value #MIN_RESERVE} more; an {@link ArrayBlockingQueue} of that capacity), counted by one counter
 * ({@link #pendingWrites()}: the writes queued and the batch being written) that both the admission and the queue go
 * by. {@link #admit()} throws {@link StoreBusyException} once {@linkplain #admissionLimit(int) nine tenths} of
 * {@code maxPendingWrites} are taken, and a command that calls it first is refused whole; the rest is kept for the
 * writes that follow an admitted command (assignments, archiving) and for those no command asked for
 * (acknowledgements, the timers'). A write that finds even that full is refused with {@link StoreBusyException},
 * never waited for: its caller may hold the desk's lock on a Socket.IO thread while the writer's completions need that
 * lock. Nothing re-enters the queue: a batch that fails is written again one write at a time by the writer, from its
 * own list.
 *
 * <p>Acknowledgements of {@code to_user} ({@link #acknowledgeToUser}) are held, not queued: the chat's next user
 * message ({@link #appendFromClient}) carries its highest in its own row, and one held for {@code ackHold} (30 s
 * by default) is queued on its own by the writer; {@link #close()} queues those still held, {@link #abandon()}
 * drops them. {@link #durable()} does not wait for them.
 *
 * <p>{@link #durable()} puts nothing in the queue: it waits for the count of writes issued so far, and calls
 * that wait for the same count share one waiter, so the waiters are never more than the writes queued (plus
 * one).
 *
 * <p>Threads: every method may be called from any thread; the memory, the counters and the waiters are
 * guarded by {@code this} (held for memory work only, never for I/O); the delegate is called by the writer
 * thread ({@code desk-store-writer}) for writes and by the callers for reads. The futures of {@link
 * #durable()} and {@link #rate} complete on the writer thread: what runs on them there must not write to
 * this store (a full queue would wait for the very thread that empties it; such a write is refused with
 * {@link StoreBusyException} instead). {@link #close()} writes what is queued (for at most {@code
 * flushTimeout}), then closes the delegate.
 */
public final class WriteBehindChatStore implements ChatStore {
    private static final Logger log = LoggerFactory.getLogger(WriteBehindChatStore.class);
    static final long MAX_BACKOFF_MS = 5_000;

    /** A queued write, the {@code seq}-th issued; or the end (no action). */
    private record Task(String what, String chatId, Runnable action, boolean batchable, long seq) {}

    /** Put in the queue by {@link #close} when there is room, to wake the writer; it takes no room of a write. */
    private static final Task END = new Task("end", null, null, false, 0);

    /** A {@link #durable()} call: completes once the first {@code upTo} writes issued are written. */
    private record Waiter(long upTo, CompletableFuture<Void> future) {}
    /** Writes committed together at most (group commit): what queued while the previous batch was written. */
    static final int MAX_BATCH = 256;

    /** An open chat as the desk last wrote it. Guarded by the store. */
    private static final class Kept {
        StoredChat chat;
        List<StoredMessage> history = List.of();
        final List<StoredMessage> live = new ArrayList<>();
        int unwritten;

        Kept(StoredChat chat) {
            this.chat = chat;
        }

        List<StoredMessage> messages() {
            List<StoredMessage> all = new ArrayList<>(history);
            all.addAll(live);
            return List.copyOf(all);
        }
    }

    /** How long an acknowledgement is held at most, by default, waiting for its chat's next user message. */
    public static final Duration DEFAULT_ACK_HOLD = Duration.ofSeconds(30);

    /** An acknowledgement held: the chat's highest {@code to_user} id, and since when one has been held. */
    private record HeldAck(int id, long since) {}

    private final ChatStore delegate;
    private final int maxPendingWrites;
    /** The queue's hard bound: {@link #capacity(int)}. */
    private final int capacity;

    private final int admissionLimit;
    private final Duration flushTimeout;
    /** The writes waiting, in order; taken by the writer thread only, put under {@code this} only. */
    private final ArrayBlockingQueue<Task> queue;

    private final Thread writer;
    // guarded by this
    private final Map<String, Kept> kept = new HashMap<>();
    /** Acknowledgements not yet queued, one per chat, the longest held first (a chat's next one keeps its place). */
    private final java.util.LinkedHashMap<String, HeldAck> heldAcks = new java.util.LinkedHashMap<>();

    private final long ackHoldNanos;
    /** The writes queued or being written: never more than {@link #capacity}. */
    private int pending;
    /** Writes issued so far, and the first of them written (or given up): {@code written <= issued}. */
    private long issued;

    private long written;
    /** The seq of the first write given up, else {@link Long#MAX_VALUE}: no waiter at or past it completes well. */
    private long firstGivenUp = Long.MAX_VALUE;
    /** {@link #durable()} waiters, oldest (smallest {@code upTo}) first. */
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();

    private boolean closed;
    /** The writer thread has stopped: no waiter can complete any more. */
    private boolean writerDone;
    /** A write waited for room: logged once per time the queue fills. */
    private boolean full;
    // written by close(), read by the writer thread
    private volatile boolean abandon;

    public WriteBehindChatStore(ChatStore delegate, int maxPendingWrites, Duration flushTimeout) {
        this(delegate, maxPendingWrites, flushTimeout, DEFAULT_ACK_HOLD);
    }

    /**
     * {@code ackHold}: how long an acknowledgement waits at most for its chat's next user message before it is
     * queued on its own ({@link #acknowledgeToUser}).
     */
    public WriteBehindChatStore(ChatStore delegate, int maxPendingWrites, Duration flushTimeout, Duration ackHold) {
        if (maxPendingWrites < 1) throw new IllegalArgumentException("maxPendingWrites must be at least 1");
        if (ackHold.isNegative()) throw new IllegalArgumentException("ackHold must not be negative");
        this.ackHoldNanos = ackHold.toNanos();
        this.delegate = delegate;
        this.maxPendingWrites = maxPendingWrites;
        this.admissionLimit = admissionLimit(maxPendingWrites);
        this.capacity = capacity(maxPendingWrites);
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.flushTimeout = flushTimeout;
        this.writer = new Thread(this::writeLoop, "desk-store-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * From how many writes waiting {@link #admit()} refuses commands: nine tenths of the queue's capacity (all of a
     * queue of fewer than 10), so the writes that must follow an admitted command still find room.
     */
    static int capacity(int maxPendingWrites) {
        return maxPendingWrites + Math.max(maxPendingWrites, MIN_RESERVE);
    }

    /** The fewest writes kept beyond {@code maxPendingWrites} for those no command asked for. */
    static final int MIN_RESERVE = 1024;

    static int admissionLimit(int maxPendingWrites) {
        return maxPendingWrites - maxPendingWrites / 10;
    }

    /** Writes waiting for the database: queued, or in the batch being written. */
    public synchronized int pendingWrites() {
        return pending;
    }

    @Override
    public synchronized void admit() {
        if (pending >= admissionLimit) {
            throw new StoreBusyException("the database is behind: " + pending + " writes are waiting (commands are"
                    + " refused from " + admissionLimit + ", nine tenths of dbMaxPendingWrites, " + maxPendingWrites
                    + "); try again shortly");
        }
    }

    @Override
    public synchronized void create(StoredChat chat) {
        Kept k = new Kept(chat);
        kept.put(chat.id(), k);
        enqueue("create chat " + chat.id(), chat.id(), () -> delegate.create(chat));
    }

    @Override
    public synchronized void update(StoredChat chat) {
        Kept k = kept.get(chat.id());
        if (k != null) k.chat = chat;
        enqueue("update chat " + chat.id(), chat.id(), () -> delegate.update(chat));
    }

    @Override
    public synchronized void append(StoredMessage message) {
        keep(message);
        enqueue(
                "append message " + message.seq() + " to chat " + message.chatId(),
                message.chatId(),
                () -> delegate.append(message));
    }

    /** Carries the chat's held acknowledgement, if it has one ({@link #acknowledgeToUser}). */
    @Override
    public synchronized void appendFromClient(StoredMessage message, String clientId) {
        String chatId = message.chatId();
        HeldAck held = heldAcks.get(chatId);
        keep(message);
        if (held == null) {
            enqueue(
                    "append message " + message.seq() + " (client id " + clientId + ") to chat " + chatId,
                    chatId,
                    () -> delegate.appendFromClient(message, clientId));
            return;
        }
        enqueue(
                "append message " + message.seq() + " (client id " + clientId + ", to_user " + held.id()
                        + " acknowledged) to chat " + chatId,
                chatId,
                () -> {
                    try {
                        delegate.appendFromClient(message, clientId, held.id());
                    } catch (RuntimeException e) {
                        hold(chatId, held); // so that a write given up does not take it along
                        throw e;
                    }
                });
        heldAcks.remove(chatId); // queued: enqueue refuses before it queues
    }

    @Override
    public synchronized void appendFromClient(StoredMessage message, String clientId, int toUserAcked) {
        acknowledgeToUser(message.chatId(), toUserAcked);
        appendFromClient(message, clientId);
    }

    /** Reads once the writes queued before are done: only the desk's start-up asks. */
    @Override
    public Set<String> clientMessageIds(String chatId) {
        durable().join();
        return delegate.clientMessageIds(chatId);
    }

    /**
     * Held, not queued: the chat's next user message ({@link #appendFromClient}) carries it in its own row, so the
     * acknowledgements of a conversation cost no write of their own. One held for {@code ackHold} (no user message
     * came) is queued on its own by the writer, and {@link #close()} queues those still held. A desk killed
     * meanwhile sends those {@code to_user} again after its restart; the client drops them by id.
     */
    @Override
    public synchronized void acknowledgeToUser(String chatId, int id) {
        if (closed)
            throw new StoreException(
                    StoreException.Problem.CLOSED,
                    "store closed: cannot note to_user " + id + " of chat " + chatId + " acknowledged",
                    null);
        if (ackHoldNanos == 0) queueAck(chatId, id);
        else hold(chatId, new HeldAck(id, System.nanoTime()));
    }

    /** Under the lock: the acknowledgement as a write of its own. */
    private void queueAck(String chatId, int id) {
        enqueue(
                "note to_user " + id + " of chat " + chatId + " acknowledged",
                chatId,
                () -> delegate.acknowledgeToUser(chatId, id));
    }

    /** Under the lock: keeps the higher id, and the earlier time. */
    private synchronized void hold(String chatId, HeldAck ack) {
        HeldAck held = heldAcks.get(chatId);
        if (held == null) heldAcks.put(chatId, ack);
        else if (ack.id() > held.id()) heldAcks.put(chatId, new HeldAck(ack.id(), Math.min(ack.since(), held.since())));
    }

    /**
     * Under the lock: queues the acknowledgements held for {@code ackHold} or more ({@code all}: every one), the
     * longest held first, while the queue has room for them beside the writes commands may still issue.
     */
    private void queueHeldAcks(boolean all) {
        if (closed) return; // abandoned: the next leader sends their to_user again
        long now = System.nanoTime();
        var it = heldAcks.entrySet().iterator();
        while (it.hasNext()) {
            var e = it.next();
            if (!all && now - e.getValue().since() < ackHoldNanos) return;
            if (pending >= admissionLimit) return; // left for later, or lost when closing: sent again, dropped by id
            it.remove();
            queueAck(e.getKey(), e.getValue().id());
        }
    }

    /** Nanoseconds until the longest held acknowledgement is due, under the lock; {@code -1} when none is held. */
    private long untilHeldAckDue() {
        if (heldAcks.isEmpty()) return -1;
        HeldAck first = heldAcks.values().iterator().next();
        return Math.max(0, first.since() + ackHoldNanos - System.nanoTime());
    }

    /** Reads once the writes queued before are done (only the desk's start-up asks), or the one held. */
    @Override
    public int toUserAcknowledged(String chatId) {
        durable().join();
        int stored = delegate.toUserAcknowledged(chatId);
        synchronized (this) {
            HeldAck held = heldAcks.get(chatId);
            return held == null ? stored : Math.max(stored, held.id());
        }
    }

    @Override
    public synchronized void setResumeHash(String chatId, String hash) {
        enqueue("store the resume token hash of chat " + chatId, chatId, () -> delegate.setResumeHash(chatId, hash));
    }

    /** Reads once the writes queued before are done: only the desk's start-up asks. */
    @Override
    public Optional<String> resumeHash(String chatId) {
        durable().join();
        return delegate.resumeHash(chatId);
    }

    /** Queued behind the writes before it; the future completes on the writer thread once the rating is durable. */
    @Override
    public synchronized CompletableFuture<Rated> rate(String chatId, int rating, String comment, Instant at) {
        CompletableFuture<Rated> done = new CompletableFuture<>();
        enqueue(
                "store the rating of chat " + chatId,
                chatId,
                () -> done.complete(delegate.rate(chatId, rating, comment, at).join()),
                false);
        return done;
    }

    /** Keeps a new message of an open chat in memory, so reads never wait for its write. */
    private void keep(StoredMessage message) {
        Kept k = kept.get(message.chatId());
        if (k != null) {
            if (message.history()) {
                List<StoredMessage> history = new ArrayList<>(k.history);
                history.add(message);
                k.history = List.copyOf(history);
            } else {
                k.live.add(message);
            }
        }
    }

    @Override
    public synchronized void replaceHistory(String chatId, List<StoredMessage> history) {
        List<StoredMessage> copy = List.copyOf(history);
        Kept k = kept.get(chatId);
        if (k != null) k.history = copy;
        enqueue("replace the bot history of chat " + chatId, chatId, () -> delegate.replaceHistory(chatId, copy));
    }

    @Override
    public synchronized void updateMessage(StoredMessage message) {
        Kept k = kept.get(message.chatId());
        if (k != null) {
            if (message.history()) k.history = replaced(k.history, message);
            else k.live.replaceAll(m -> same(m, message) ? message : m);
        }
        enqueue(
                "update message " + message.seq() + " of chat " + message.chatId(),
                message.chatId(),
                () -> delegate.updateMessage(message));
    }

    @Override
    public synchronized void saveTranslation(StoredMessage message) {
        Kept k = kept.get(message.chatId());
        if (k != null) {
            if (message.history()) k.history = translated(k.history, message);
            else k.live.replaceAll(m -> same(m, message) && sameLanguage(m, message) ? message : m);
        }
        enqueue(
                "store the translation of message " + message.seq() + " of chat " + message.chatId(),
                message.chatId(),
                () -> delegate.saveTranslation(message));
    }

    private static List<StoredMessage> translated(List<StoredMessage> messages, StoredMessage message) {
        return messages.stream()
                .map(m -> same(m, message) && sameLanguage(m, message) ? message : m)
                .toList();
    }

    private static boolean sameLanguage(StoredMessage a, StoredMessage b) {
        return java.util.Objects.equals(a.language(), b.language());
    }

    private static List<StoredMessage> replaced(List<StoredMessage> messages, StoredMessage message) {
        return messages.stream().map(m -> same(m, message) ? message : m).toList();
    }

    private static boolean same(StoredMessage a, StoredMessage b) {
        return a.seq() == b.seq() && a.history() == b.history();
    }

    @Override
    public synchronized void assignmentStarted(String chatId, String agent, Instant at) {
        enqueue(
                "record the assignment of chat " + chatId + " to " + agent,
                chatId,
                () -> delegate.assignmentStarted(chatId, agent, at));
    }

    @Override
    public synchronized void assignmentEnded(String chatId, String agent, Instant at, String reason) {
        enqueue(
                "end the assignment of chat " + chatId + " to " + agent,
                chatId,
                () -> delegate.assignmentEnded(chatId, agent, at, reason));
    }

    @Override
    public List<StoredMessage> messages(String chatId) {
        synchronized (this) {
            Kept k = kept.get(chatId);
            if (k != null) return k.messages();
        }
        return delegate.messages(chatId);
    }

    @Override
    public Optional<StoredChat> chat(String chatId) {
        synchronized (this) {
            Kept k = kept.get(chatId);
            if (k != null) return Optional.of(k.chat);
        }
        return delegate.chat(chatId);
    }

    /** Reads the open chats and their messages from the database (after the queued writes) and keeps them. */
    @Override
    public List<StoredChat> openChats() {
        durable().join();
        List<StoredChat> open = delegate.openChats();
        List<StoredChat> out = new ArrayList<>();
        for (StoredChat s : open) {
            List<StoredMessage> messages = delegate.messages(s.id());
            synchronized (this) {
                Kept k = kept.get(s.id());
                if (k == null) {
                    k = new Kept(s);
                    k.history = messages.stream().filter(StoredMessage::history).toList();
                    k.live.addAll(messages.stream().filter(m -> !m.history()).toList());
                    kept.put(s.id(), k);
                }
                out.add(k.chat);
            }
        }
        return List.copyOf(out);
    }

    @Override
    public List<StoredChat> archived(int offset, int limit) {
        durable().join();
        return delegate.archived(offset, limit);
    }

    @Override
    public List<StoredChat> archivedIn(Set<String> departments, int offset, int limit) {
        durable().join();
        return delegate.archivedIn(departments, offset, limit);
    }

    @Override
    public List<StoredChat> searchArchive(Set<String> departments, String text, int offset, int limit) {
        durable().join();
        return delegate.searchArchive(departments, text, offset, limit);
    }

    @Override
    public List<String> assignments(String chatId) {
        durable().join();
        return delegate.assignments(chatId);
    }

    /**
     * Completes once the writes issued before it are written; fails ({@code store-not-written}) if one of them was
     * given up. Calls while no write was issued in between share one waiter (each gets a future of its own).
     */
    @Override
    public synchronized CompletableFuture<Void> durable() {
        if (written == issued) {
            return firstGivenUp <= issued ? notWritten() : CompletableFuture.completedFuture(null);
        }
        if (writerDone) return notWritten();
        Waiter last = waiters.peekLast();
        if (last == null || last.upTo() != issued) {
            last = new Waiter(issued, new CompletableFuture<>());
            waiters.addLast(last);
        }
        return last.future().copy();
    }

    private static CompletableFuture<Void> notWritten() {
        return CompletableFuture.failedFuture(new StoreException(
                StoreException.Problem.NOT_WRITTEN, "a write issued before this point was given up", null));
    }

    private void enqueue(String what, String chatId, Runnable action) {
        enqueue(what, chatId, action, true);
    }

    /**
     * Under the store's lock. {@code batchable}: the write may share a transaction (one whose action tells the outside
     * world may not). A full queue refuses the write ({@link StoreBusyException}) rather than make its caller wait:
     * the caller may hold the desk's lock on a Socket.IO thread, and the writer's completions may need that lock, so
     * waiting could stop the desk for good. Admission ({@link #admit()}) refuses commands from nine tenths, so only
     * the writes no command asked for (acknowledgements, the timers' archiving) reach a full queue, once the database
     * has been behind for that long.
     */
    private void enqueue(String what, String chatId, Runnable action, boolean batchable) {
        if (!closed && pending >= capacity) {
            if (!full) {
                full = true;
                log.warn(
                        "database: the write queue is full ({} writes); writes are refused until it has room",
                        capacity);
            }
            throw new StoreBusyException("the database is behind: the write queue is full (" + capacity
                    + " writes: dbMaxPendingWrites " + maxPendingWrites + " and as many again, at least " + MIN_RESERVE
                    + "); '" + what + "' is not written");
        }
        if (closed) throw new StoreException(StoreException.Problem.CLOSED, "store closed: cannot " + what, null);
        pending++;
        Kept k = kept.get(chatId);
        if (k != null) k.unwritten++;
        // never fails: pending counts every write in the queue, and is below the queue's capacity
        queue.add(new Task(what, chatId, action, batchable, ++issued));
    }

    private void writeLoop() {
        List<Task> batch = new ArrayList<>(MAX_BATCH);
        try {
            while (true) {
                Task t;
                try {
                    long due;
                    synchronized (this) {
                        queueHeldAcks(false);
                        due = untilHeldAckDue();
                    }
                    // nothing held: a look again after ackHold, so that one held meanwhile is not kept longer
                    t = ackHoldNanos == 0
                            ? queue.take()
                            : queue.poll(due < 0 ? ackHoldNanos : due, TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    continue; // close() ends the loop with END or by emptying the queue, never by interrupting
                }
                if (t == null) continue; // an acknowledgement is due
                if (t == END) return;
                batch.add(t);
                // group commit: the writes that queued meanwhile share one transaction
                while (t.batchable() && batch.size() < MAX_BATCH) {
                    Task next = queue.peek(); // this thread is the only one that takes
                    if (next == null || next == END || !next.batchable()) break;
                    batch.add(queue.poll());
                }
                if (batch.size() == 1) write(t);
                else write(batch);
                List<Waiter> done;
                boolean end;
                synchronized (this) {
                    for (Task w : batch) {
                        pending--;
                        Kept k = kept.get(w.chatId());
                        if (k != null && --k.unwritten == 0 && k.chat.status().equals("archived"))
                            kept.remove(w.chatId());
                    }
                    written = batch.get(batch.size() - 1).seq();
                    if (pending < capacity) full = false;
                    notifyAll(); // room for the writes waiting for it
                    done = new ArrayList<>();
                    while (!waiters.isEmpty() && waiters.peekFirst().upTo() <= written) done.add(waiters.pollFirst());
                    end = closed && queue.isEmpty();
                }
                batch.clear();
                complete(done);
                if (end) return; // close() found no room for END: the queue is written
            }
        } finally {
            failWaiters();
        }
    }

    /** On the writer thread, outside the lock: the waiters whose writes are written (or given up). */
    private void complete(List<Waiter> done) {
        long givenUp;
        synchronized (this) {
            givenUp = firstGivenUp;
        }
        for (Waiter w : done) {
            if (w.upTo() >= givenUp) {
                w.future()
                        .completeExceptionally(new StoreException(
                                StoreException.Problem.NOT_WRITTEN,
                                "a write issued before this point was given up",
                                null));
            } else {
                w.future().complete(null);
            }
        }
    }

    /** The waiters left when the writer stops: their writes were not written. */
    private void failWaiters() {
        List<Waiter> left;
        synchronized (this) {
            writerDone = true;
            left = List.copyOf(waiters);
            waiters.clear();
            if (written < issued && firstGivenUp > written + 1) firstGivenUp = written + 1;
        }
        for (Waiter w : left)
            w.future()
                    .completeExceptionally(new StoreException(
                            StoreException.Problem.NOT_WRITTEN,
                            "the store stopped before a write issued before this point was written",
                            null));
    }

    /**
     * Several writes in one transaction; if it fails, each is written on its own (as {@link #write(Task)}), so one
     * write the database refuses holds up only itself and those after it, never the ones before.
     */
    private void write(List<Task> batch) {
        try {
            delegate.batch(() -> {
                for (Task t : batch) t.action().run();
            });
            batches++;
            batchedWrites += batch.size();
        } catch (RuntimeException e) {
            log.warn(
                    "database: a batch of {} writes failed ({}); writing them one by one",
                    batch.size(),
                    e.getMessage());
            for (Task t : batch) write(t);
        }
    }

    /** Batches of more than one write committed, and the writes in them (for tests and benchmarks). */
    private volatile long batches;

    private volatile long batchedWrites;

    /** {@code [batches, writes in them]} committed so far as group commits. */
    public long[] groupCommits() {
        return new long[] {batches, batchedWrites};
    }

    private void write(Task t) {
        long backoff = 100;
        for (int attempt = 1; ; attempt++) {
            try {
                t.action().run();
                if (attempt > 1) log.info("database write '{}' succeeded at attempt {}", t.what(), attempt);
                return;
            } catch (RuntimeException e) {
                if (abandon) {
                    synchronized (this) {
                        firstGivenUp = Math.min(firstGivenUp, t.seq());
                    }
                    log.error(
                            "database write '{}' failed and the desk is stopping: not written: {}",
                            t.what(),
                            e.getMessage());
                    return;
                }
                log.error(
                        "database write '{}' failed (attempt {}); retrying in {} ms, later writes wait: {}",
                        t.what(),
                        attempt,
                        backoff,
                        e.getMessage());
                pause(backoff);
                backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
            }
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean alive() {
        return delegate.alive();
    }

    /** Writes everything queued (for at most {@code flushTimeout}), then closes the delegate. */
    @Override
    public void close() {
        close(flushTimeout, true);
    }

    /**
     * Gives up at once on what is queued (a cluster node that lost the leadership: its connection, which held the
     * leader's lock, is gone, and no other may write for it): the queued writes are not written, and {@link
     * #durable()} fails for them, so no client is told they are stored; then closes the delegate.
     */
    public void abandon() {
        close(Duration.ofMillis(1), false);
    }

    /** {@code queueHeld}: queue the acknowledgements still held first. */
    private void close(Duration flushWithin, boolean queueHeld) {
        int waiting;
        synchronized (this) {
            if (closed) return;
            if (queueHeld) {
                queueHeldAcks(true);
                if (!heldAcks.isEmpty())
                    log.info(
                            "database: {} acknowledgement(s) are not written (the write queue is full); their to_user"
                                    + " are sent again after the restart, and the bots drop them",
                            heldAcks.size());
            }
            closed = true;
            waiting = pending;
            notifyAll(); // writes waiting for room are refused now
            // wakes the writer; with no room, the writer ends once it has written what is queued
            boolean woken = queue.offer(END);
            if (!woken) log.debug("database: closing with a full write queue");
        }
        if (waiting > 0) log.info("database: writing the {} queued write(s) before closing", waiting);
        try {
            writer.join(Math.max(1, flushWithin.toMillis()));
            if (writer.isAlive()) {
                abandon = true;
                int lost = pendingWrites();
                writer.interrupt(); // out of a retry's pause: the next failure gives the write up
                writer.join(TimeUnit.SECONDS.toMillis(5));
                log.error(
                        "database: {} write(s) were not written within {} ms and are lost",
                        lost,
                        flushWithin.toMillis());
                if (writer.isAlive()) failWaiters(); // stuck in the database: nobody is told its writes are stored
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            delegate.close();
        }
    }
}
