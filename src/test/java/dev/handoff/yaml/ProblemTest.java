package dev.handoff.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemTest {

    @Test
    void anErrorPrintsLocationCodeMessageAndTheSortedKnownNames() {
        var problem = Problem.error(ProblemCode.UNKNOWN_KEY, new Loc("desk.yaml", 2, 1), "unknown key 'autoAsign'")
                .withKnown(List.of("port", "agents", "autoAssign"));
        assertThat(problem.format())
                .isEqualTo("desk.yaml:2:1: [unknown-key] unknown key 'autoAsign' (known: agents, autoAssign, port)");
    }

    @Test
    void aWarningSaysSoBeforeItsCode() {
        var problem = Problem.warning(ProblemCode.MISSING_TRANSLATION, new Loc("bot.yaml", 4, 3), "no 'zu' text");
        assertThat(problem.format()).isEqualTo("bot.yaml:4:3: warning: [missing-translation] no 'zu' text");
    }

    @Test
    void noKnownNamesSaysNoneAreDefinedAndAHintFollowsTheNames() {
        var problem = Problem.error(ProblemCode.UNDEFINED_TEXT, Loc.of("bot.yaml"), "response 'hi' is not defined")
                .withKnown(List.of())
                .withHint("or write the text per language");
        assertThat(problem.format())
                .isEqualTo("bot.yaml: [undefined-text] response 'hi' is not defined"
                        + " (none are defined; or write the text per language)");
    }

    @Test
    void everyCodeIsKebabCaseAndUnique() {
        var ids = java.util.Arrays.stream(ProblemCode.values())
                .map(ProblemCode::id)
                .toList();
        assertThat(ids).doesNotHaveDuplicates().allMatch(id -> id.matches("[a-z0-9]+(-[a-z0-9]+)*"));
    }
}
