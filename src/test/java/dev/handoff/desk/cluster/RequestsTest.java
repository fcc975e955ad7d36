package dev.handoff.desk.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.handoff.desk.config.ClusterConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Request and reply between two nodes over the machine's Redis (a prefix per test). */
@Timeout(60)
class RequestsTest {
    private static final Duration LONG = Duration.ofSeconds(10);

    private final String prefix = "test-" + UUID.randomUUID();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private ClusterBus leader;
    private ClusterBus follower;

    @BeforeEach
    void twoNodes() {
        leader = bus("n1");
        follower = bus("n2");
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) closing.get(i).close();
    }

    private ClusterBus bus(String node) {
        ClusterBus bus = ClusterBus.connect(
                new ClusterConfig(ClusterBusTest.MACHINE_REDIS, node, prefix), ClusterBus.Settings.DEFAULT);
        closing.add(bus);
        return bus;
    }

    private Requests requests(ClusterBus bus, String node, int maxPending) throws Exception {
        Requests r = Requests.open(bus, node, maxPending).get(10, TimeUnit.SECONDS);
        closing.add(r);
        return r;
    }

    private static JsonNode body(String text) {
        return JsonNodeFactory.instance.objectNode().put("text", text);
    }

    @Test
    void aRequestGetsTheReplyOfTheNodeThatServesTheChannel() throws Exception {
        Requests.serve(
                        leader,
                        "leader",
                        b -> CompletableFuture.completedFuture(
                                body(b.get("text").asText() + "!")))
                .get(10, TimeUnit.SECONDS);
        Requests requests = requests(follower, "n2", 50);
        List<CompletableFuture<JsonNode>> replies = new ArrayList<>();
        for (int i = 0; i < 50; i++) replies.add(requests.request("leader", body("hello " + i), LONG));
        for (int i = 0; i < 50; i++) {
            assertThat(replies.get(i).get(10, TimeUnit.SECONDS).get("text").asText())
                    .isEqualTo("hello " + i + "!");
        }
        assertThat(requests.pending()).isZero();
    }

    @Test
    void aRequestNobodyAnswersFailsWithATimeoutThatNamesTheChannel() throws Exception {
        leader.subscribe("leader", m -> {}).get(10, TimeUnit.SECONDS); // listens, never answers
        Requests requests = requests(follower, "n2", 10);
        CompletableFuture<JsonNode> reply = requests.request("leader", body("anyone?"), Duration.ofMillis(200));
        assertThatThrownBy(() -> reply.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(ClusterException.class)
                .hasMessageStartingWith("[timeout] no reply from 'leader' within 200 ms (request ");
        assertThat(requests.pending()).isZero();
    }

    @Test
    void aServerThatFailsRepliesWithItsErrorAndServesTheNextRequest() throws Exception {
        Requests.serve(leader, "leader", b -> {
                    if (b.get("text").asText().equals("bad")) throw new IllegalArgumentException("no such chat: 42");
                    return CompletableFuture.failedFuture(new IllegalStateException("busy"));
                })
                .get(10, TimeUnit.SECONDS);
        Requests requests = requests(follower, "n2", 10);
        assertThatThrownBy(() -> requests.request("leader", body("bad"), LONG).get(10, TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(ClusterException.class)
                .hasMessageEndingWith(" failed there: no such chat: 42")
                .satisfies(e ->
                        assertThat(((ClusterException) e).problem()).isEqualTo(ClusterException.Problem.REMOTE_FAILED));
        assertThatThrownBy(() -> requests.request("leader", body("other"), LONG).get(10, TimeUnit.SECONDS))
                .cause()
                .hasMessageEndingWith(" failed there: busy");
    }

    @Test
    void requestsPastTheBoundAreRefusedAtOnceAndAcceptedAgainOnceTheOthersEnded() throws Exception {
        leader.subscribe("nobody", m -> {}).get(10, TimeUnit.SECONDS); // listens, never answers
        Requests requests = requests(follower, "n2", 2);
        CompletableFuture<JsonNode> first = requests.request("nobody", body("1"), Duration.ofMillis(300));
        CompletableFuture<JsonNode> second = requests.request("nobody", body("2"), Duration.ofMillis(300));
        assertThatThrownBy(() -> requests.request("nobody", body("3"), LONG).get(1, TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(ClusterException.class)
                .hasMessage("[pending-full] 2 requests already await replies; this one to 'nobody' is refused");
        assertThatThrownBy(() -> first.get(10, TimeUnit.SECONDS)).cause().hasMessageStartingWith("[timeout]");
        assertThatThrownBy(() -> second.get(10, TimeUnit.SECONDS)).cause().hasMessageStartingWith("[timeout]");
        Requests.serve(leader, "leader", CompletableFuture::completedFuture).get(10, TimeUnit.SECONDS);
        assertThat(requests.request("leader", body("4"), LONG).get(10, TimeUnit.SECONDS))
                .isEqualTo(body("4"));
    }

    @Test
    void otherMessagesOnTheNodesChannelAndRepliesForOtherNodesAreIgnored() throws Exception {
        leader.subscribe("leader", m -> {}).get(10, TimeUnit.SECONDS); // listens, never answers
        Requests mine = requests(follower, "n2", 10);
        ClusterBus third = bus("n3");
        requests(third, "n3", 10);
        List<JsonNode> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        follower.subscribe(Requests.nodeChannel("n2"), events::add).get(10, TimeUnit.SECONDS);
        // a socket event for n2 and a stray reply: neither completes n2's request
        leader.publish(Requests.nodeChannel("n2"), body("socket event")).get(10, TimeUnit.SECONDS);
        CompletableFuture<JsonNode> reply = mine.request("leader", body("x"), Duration.ofMillis(500));
        leader.publish(
                        Requests.nodeChannel("n2"),
                        JsonNodeFactory.instance.objectNode().put("reply", "not-a-request-of-n2"))
                .get(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> reply.get(10, TimeUnit.SECONDS)).cause().hasMessageStartingWith("[timeout]");
        assertThat(events).first().isEqualTo(body("socket event"));
    }

    @Test
    void aRequestToAChannelNobodyListensOnFailsAtOnceAsUnserved() throws Exception {
        Requests requests = requests(follower, "n2", 10);
        CompletableFuture<JsonNode> reply = requests.request("leader", body("anyone?"), LONG);
        assertThatThrownBy(() -> reply.get(5, TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(ClusterException.class)
                .hasMessageStartingWith("[unserved] nobody serves 'leader' now (request ");
        assertThat(requests.pending()).isZero();
    }

    @Test
    void closingFailsTheRequestsStillPending() throws Exception {
        // listens, never answers: without a listener, Redis's "no receivers" could fail it first as unserved
        leader.subscribe("silent", m -> {}).get(10, TimeUnit.SECONDS);
        Requests requests = Requests.open(follower, "n2", 10).get(10, TimeUnit.SECONDS);
        CompletableFuture<JsonNode> reply = requests.request("silent", body("x"), LONG);
        requests.close();
        assertThatThrownBy(() -> reply.get(1, TimeUnit.SECONDS)).cause().hasMessage("[closed] requests closed");
    }
}
