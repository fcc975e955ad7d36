package dev.handoff.desk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.server.DeskService;
import dev.handoff.desk.support.DeskConfigs;
import dev.handoff.desk.support.LoadScenario;
import dev.handoff.desk.support.LogCapture;
import dev.handoff.desk.support.TestDesks;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 500 conversations at once through one desk, each getting exactly its own answer and its own end. */
class ConcurrentConversationsTest {
    static final int CONVERSATIONS = 500;

    @TempDir
    Path data;

    @Test
    void fiveHundredConcurrentConversationsEachGetTheirOwnAnswerAndEnd() throws Exception {
        DeskConfig config = DeskConfigs.withAgents(TestDesks.config(data), LoadScenario.agents(4, CONVERSATIONS));
        DeskService desk = TestDesks.start(config);
        try (LogCapture log = LogCapture.of("dev.handoff.desk")) {
            LoadScenario.Result result = LoadScenario.run(TestDesks.url(config), CONVERSATIONS, 4, 80);

            assertThat(result.rightEchoes()).isEqualTo(CONVERSATIONS);
            assertThat(result.wrongEchoes()).isZero();
            assertThat(result.disconnects()).isEqualTo(CONVERSATIONS);
            assertThat(desk.desk().counts()).containsEntry("queued", 0L).containsEntry("assigned", 0L);
            assertThat(desk.desk().archive("load-0", 0, 1000).chats())
                    .hasSize(CONVERSATIONS)
                    .allSatisfy(c -> assertThat(c.archiveReason()).isEqualTo("resolved"));
            assertThat(log.errors()).isEmpty();
        } finally {
            desk.stop();
        }
    }
}
