package dev.handoff.desk.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.config.DeskConfigException;
import dev.handoff.desk.config.DeskConfigLoader;
import dev.handoff.desk.config.QuickReply;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code quickReplies} in desk.yaml, and the console's origin following the desk's port. */
class QuickRepliesConfigTest {
    @Test
    void quickRepliesAreReadInOrderWithTheirTextsPerLanguage() {
        DeskConfig config = DeskConfigLoader.parse(
                """
                quickReplies:
                  - {id: greet, texts: {en: "Hello!", zu: "Sawubona!"}}
                  - id: bye
                    texts:
                      af: "Totsiens"
                """,
                "desk.yaml");
        assertThat(config.quickReplies())
                .containsExactly(
                        new QuickReply("greet", Map.of("en", "Hello!", "zu", "Sawubona!")),
                        new QuickReply("bye", Map.of("af", "Totsiens")));
    }

    @Test
    void theBundledConfigHasQuickRepliesInEnglishIsiZuluAndAfrikaans() {
        assertThat(DeskConfigLoader.bundled().quickReplies()).isNotEmpty().allSatisfy(q -> assertThat(q.texts())
                .containsKeys("en", "zu", "af"));
    }

    @Test
    void everyProblemOfAQuickReplyIsReportedWithItsLocation() {
        String yaml =
                """
                maxMessageSize: 10
                quickReplies:
                  - {id: a, texts: {en: "Hello"}}
                  - {id: a, texts: {en: "far longer than ten"}}
                  - {texts: {en: "x"}}
                  - {id: b, text: {en: "x"}}
                  - {id: c, texts: {en: ""}}
                  - {id: d, texts: {}}
                """;
        assertThatThrownBy(() -> DeskConfigLoader.parse(yaml, "desk.yaml"))
                .isInstanceOf(DeskConfigException.class)
                .hasMessage(String.join(
                        "\n",
                        "desk.yaml:4:10: [duplicate-id] quickReplies[1]: duplicate quick reply 'a' (also"
                                + " quickReplies[0])",
                        "desk.yaml:4:25: [out-of-range] quickReplies[1] 'a': the 'en' text has 19 characters;"
                                + " maxMessageSize is 10",
                        "desk.yaml:5:5: [missing-key] quickReplies[2]: 'id' is missing",
                        "desk.yaml:6:5: [missing-key] quickReplies[3] 'b': 'texts' is missing",
                        "desk.yaml:6:13: [unknown-key] unknown key 'text' in quickReplies[3] (known: id, texts)",
                        "desk.yaml:7:25: [invalid-value] quickReplies[4] 'c': the 'en' text is empty",
                        "desk.yaml:8:20: [invalid-value] quickReplies[5] 'd': 'texts' has no text",
                        "7 errors"));
    }

    @Test
    void onAnotherPortTheConsolesOwnOriginMovesWithTheDeskButConfiguredOriginsStay() {
        DeskConfig moved = DeskConfigLoader.bundled().withPort(6123);
        assertThat(moved.security().origins().agents())
                .contains("http://127.0.0.1:6123", "http://localhost:6123")
                .doesNotContain("http://127.0.0.1:5005");
        DeskConfig configured = DeskConfigLoader.parse(
                        "security: {origins: {agents: [\"https://console.example.org\"]}}", "desk.yaml")
                .withPort(6123);
        assertThat(configured.security().origins().agents()).containsExactly("https://console.example.org");
    }
}
