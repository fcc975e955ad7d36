package dev.handoff.desk.core;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * One chain of futures per chat: what is {@link #then chained} for a chat runs after everything chained for that
 * chat before it (whether that succeeded or failed), and no sooner than its own input is ready; chats never wait
 * for each other. Nothing here waits: a step whose turn and input are both there runs at once, on the calling
 * thread; otherwise on the thread that completes the last of them.
 *
 * <p>Threads: any. The map of tails is guarded by {@code this}, held for map work only, never while a step runs.
 */
final class ChatChains {
    // guarded by this
    private final Map<String, CompletableFuture<?>> tails = new HashMap<>();

    /** Runs {@code step} with {@code input}'s value once it is complete and the chat's previous steps are done. */
    <T, R> CompletableFuture<R> then(String chatId, CompletableFuture<T> input, Function<T, R> step) {
        CompletableFuture<Void> turn = new CompletableFuture<>();
        CompletableFuture<R> next = turn.thenCompose(v -> input).thenApply(step);
        CompletableFuture<?> previous;
        synchronized (this) {
            previous = tails.put(chatId, next);
        }
        next.whenComplete((r, e) -> {
            synchronized (this) {
                tails.remove(chatId, next);
            }
        });
        if (previous == null) turn.complete(null);
        else previous.whenComplete((r, e) -> turn.complete(null));
        return next;
    }
}
