package dev.handoff.desk.store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
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
 * <p>The queue is bounded by {@link #admit()}: with {@code maxPendingWrites} writes waiting it throws
 * {@link StoreBusyException}, and a command that calls it first is refused whole. The writes that follow
 * an admitted command (assignments, archiving) are always taken, so the queue may pass the bound by a
 * few writes per open chat, never by more.
 *
 * <p>Threads: every method may be called from any thread; the memory and the queue are guarded by
 * {@code this} (held for memory work only, never for I/O); the delegate is called by the writer thread
 * ({@code desk-store-writer}) for writes and by the callers for reads. {@link #close()} writes what is
 * queued (for at most {@code flushTimeout}), then closes the delegate.
 */
public final class WriteBehindChatStore implements ChatStore {
    private static final Logger log = LoggerFactory.getLogger(WriteBehindChatStore.class);
    static final long MAX_BACKOFF_MS = 5_000;

    /** A queued write, or a {@link #durable()} mark (no action), or the end (no action, no future). */
    private record Task(
            String what, String chatId, Runnable action, CompletableFuture<Void> marks, boolean batchable) {}

    private static final Task END = new Task("end", null, null, null, false);
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

    private final ChatStore delegate;
    private final int maxPendingWrites;
    private final Duration flushTimeout;
    private final LinkedBlockingQueue<Task> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    // guarded by this
    private final Map<String, Kept> kept = new HashMap<>();
    private int pending;
    private boolean closed;
    // written by close(), read by the writer thread
    private volatile boolean abandon;
    /** On the writer thread: a write was given up, so no later mark may say the writes before it are durable. */
    private volatile boolean gaveUp;

    public WriteBehindChatStore(ChatStore delegate, int maxPendingWrites, Duration flushTimeout) {
        if (maxPendingWrites < 1) throw new IllegalArgumentException("maxPendingWrites must be at least 1");
        this.delegate = delegate;
        this.maxPendingWrites = maxPendingWrites;
        this.flushTimeout = flushTimeout;
        this.writer = new Thread(this::writeLoop, "desk-store-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** Writes waiting for the database. */
    public synchronized int pendingWrites() {
        return pending;
    }

    @Override
    public synchronized void admit() {
        if (pending >= maxPendingWrites) {
            throw new StoreBusyException("the database is behind: " + pending + " writes are waiting (the maximum,"
                    + " dbMaxPendingWrites, is " + maxPendingWrites + "); try again shortly");
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

    @Override
    public synchronized void appendFromClient(StoredMessage message, String clientId) {
        keep(message);
        enqueue(
                "append message " + message.seq() + " (client id " + clientId + ") to chat " + message.chatId(),
                message.chatId(),
                () -> delegate.appendFromClient(message, clientId));
    }

    /** Reads once the writes queued before are done: only the desk's start-up asks. */
    @Override
    public Set<String> clientMessageIds(String chatId) {
        durable().join();
        return delegate.clientMessageIds(chatId);
    }

    @Override
    public synchronized void acknowledgeToUser(String chatId, int id) {
        enqueue(
                "note to_user " + id + " of chat " + chatId + " acknowledged",
                chatId,
                () -> delegate.acknowledgeToUser(chatId, id));
    }

    /** Reads once the writes queued before are done: only the desk's start-up asks. */
    @Override
    public int toUserAcknowledged(String chatId) {
        durable().join();
        return delegate.toUserAcknowledged(chatId);
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

    @Override
    public synchronized CompletableFuture<Void> durable() {
        if (closed && (abandon || gaveUp))
            return CompletableFuture.failedFuture(
                    new StoreException("the store gave up writes that were queued", null));
        if (closed) return CompletableFuture.completedFuture(null);
        CompletableFuture<Void> f = new CompletableFuture<>();
        queue.add(new Task("durable", null, null, f, false));
        return f;
    }

    private void enqueue(String what, String chatId, Runnable action) {
        enqueue(what, chatId, action, true);
    }

    /** {@code batchable}: the write may share a transaction (one whose action tells the outside world may not). */
    private void enqueue(String what, String chatId, Runnable action, boolean batchable) {
        if (closed) throw new StoreException("store closed: cannot " + what, null);
        pending++;
        Kept k = kept.get(chatId);
        if (k != null) k.unwritten++;
        queue.add(new Task(what, chatId, action, null, batchable));
    }

    private void writeLoop() {
        List<Task> batch = new ArrayList<>(MAX_BATCH);
        while (true) {
            Task t;
            try {
                t = queue.take();
            } catch (InterruptedException e) {
                continue; // close() ends the loop with END, never by interrupting
            }
            if (t == END) return;
            if (t.marks() != null) {
                if (gaveUp)
                    t.marks()
                            .completeExceptionally(
                                    new StoreException("a write before this point was not written", null));
                else t.marks().complete(null);
                continue;
            }
            batch.add(t);
            // group commit: the writes that queued meanwhile share one transaction, up to a durable() mark
            while (t.batchable() && batch.size() < MAX_BATCH) {
                Task next = queue.peek(); // this thread is the only one that takes
                if (next == null || next == END || next.marks() != null || !next.batchable()) break;
                batch.add(queue.poll());
            }
            if (batch.size() == 1) write(t);
            else write(batch);
            synchronized (this) {
                for (Task done : batch) {
                    pending--;
                    Kept k = kept.get(done.chatId());
                    if (k != null && --k.unwritten == 0 && k.chat.status().equals("archived"))
                        kept.remove(done.chatId());
                }
            }
            batch.clear();
        }
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
                    gaveUp = true;
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
        close(flushTimeout);
    }

    /**
     * Gives up at once on what is queued (a cluster node that lost the leadership: its connection, which held the
     * leader's lock, is gone, and no other may write for it): the queued writes are not written, and {@link
     * #durable()} fails for them, so no client is told they are stored; then closes the delegate.
     */
    public void abandon() {
        close(Duration.ofMillis(1));
    }

    private void close(Duration flushWithin) {
        int waiting;
        synchronized (this) {
            if (closed) return;
            closed = true;
            waiting = pending;
            queue.add(END);
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
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            delegate.close();
        }
    }
}
