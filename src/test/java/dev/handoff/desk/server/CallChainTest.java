package dev.handoff.desk.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.handoff.desk.api.DeskError;
import dev.handoff.desk.core.Desk;
import dev.handoff.desk.core.DeskException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** One connection's desk calls reach the desk in the order its events came, whenever the desk answers. */
class CallChainTest {
    /** A desk that records each call and answers only when the test completes the call's future. */
    static final class HandDesk {
        record Call(String what, CompletableFuture<Object> answer) {}

        final List<Call> calls = new ArrayList<>();
        final Desk desk = (Desk) Proxy.newProxyInstance(
                Desk.class.getClassLoader(), new Class<?>[] {Desk.class}, (proxy, method, args) -> {
                    CompletableFuture<Object> answer = new CompletableFuture<>();
                    synchronized (calls) {
                        calls.add(new Call(method.getName() + " " + Arrays.toString(args), answer));
                    }
                    return answer;
                });

        List<String> made() {
            synchronized (calls) {
                return calls.stream().map(Call::what).toList();
            }
        }

        void answer(int call) {
            CompletableFuture<Object> answer;
            synchronized (calls) {
                answer = calls.get(call).answer();
            }
            answer.complete(null);
        }
    }

    final HandDesk hand = new HandDesk();
    final Desk desk = hand.desk;

    @Test
    void aBotsMessagesReachTheDeskInOrderThoughItsAnswersComeLateAndOutOfOrder() {
        CallChain chain = new CallChain();

        chain.then(null, false, a -> desk.openChat(new Desk.OpenRequest(null, "bot", null)));
        chain.then(null, false, a -> desk.userMessage("chat-1", "m1", "one"));
        chain.then(null, false, a -> desk.userMessage("chat-1", "m2", "two"));
        chain.then(null, true, a -> desk.userDisconnected("chat-1", "bot"));

        assertThat(hand.made()).singleElement().asString().startsWith("openChat");
        hand.answer(0);
        assertThat(hand.made()).hasSize(2).last().isEqualTo("userMessage [chat-1, m1, one]");
        hand.answer(1);
        assertThat(hand.made()).hasSize(3).last().isEqualTo("userMessage [chat-1, m2, two]");
        hand.answer(2);
        assertThat(hand.made()).hasSize(4).last().isEqualTo("userDisconnected [chat-1, bot]");
    }

    @Test
    void aFailedCallDoesNotStopTheCallsAfterIt() {
        CallChain chain = new CallChain();
        chain.then(null, false, a -> desk.userMessage("chat-1", "m1", "one"));
        chain.then(null, false, a -> desk.userMessage("chat-1", "m2", "two"));

        hand.calls.get(0).answer().completeExceptionally(new DeskException(DeskError.Code.BUSY, "busy"));

        assertThat(hand.made()).hasSize(2).last().isEqualTo("userMessage [chat-1, m2, two]");
    }

    @Test
    void aCallRunsAtOnceInTheCallersThreadWhenNothingWaits() {
        CallChain chain = new CallChain();
        List<Thread> ran = new ArrayList<>();

        chain.then(null, false, a -> {
            ran.add(Thread.currentThread());
            return CompletableFuture.completedFuture(null);
        });
        chain.then(null, false, a -> {
            ran.add(Thread.currentThread());
            return null;
        });

        assertThat(ran).containsExactly(Thread.currentThread(), Thread.currentThread());
    }

    @Test
    void aConnectionWithTooManyCallsWaitingIsToldBusyButItsDisconnectStillRuns() {
        CallChain chain = new CallChain(2);
        chain.then(null, false, a -> desk.userMessage("chat-1", "m1", "one"));
        chain.then(null, false, a -> desk.userMessage("chat-1", "m2", "two"));
        chain.then(null, false, a -> desk.userMessage("chat-1", "m3", "three"));

        assertThatThrownBy(() -> chain.then(null, false, a -> desk.userMessage("chat-1", "m4", "four")))
                .isInstanceOfSatisfying(
                        DeskException.class, e -> assertThat(e.code()).isEqualTo(DeskError.Code.BUSY));
        chain.then(null, true, a -> desk.userDisconnected("chat-1", "bot"));
        hand.answer(0);
        hand.answer(1);
        hand.answer(2);

        assertThat(hand.made())
                .containsExactly(
                        "userMessage [chat-1, m1, one]",
                        "userMessage [chat-1, m2, two]",
                        "userMessage [chat-1, m3, three]",
                        "userDisconnected [chat-1, bot]");
    }
}
