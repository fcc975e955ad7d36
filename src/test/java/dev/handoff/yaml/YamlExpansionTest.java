package dev.handoff.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bounds on what a YAML file holds once its aliases are expanded, and the checks of every map. */
class YamlExpansionTest {

    private static Problems read(YamlReader reader, String yaml) {
        var problems = new Problems();
        reader.read("f.yaml", yaml.getBytes(StandardCharsets.UTF_8), problems);
        return problems;
    }

    private static Problems read(String yaml) {
        return read(new YamlReader(), yaml);
    }

    @Test
    void aFileMayHoldSixteenTimesItsSizeInTextAtLeast64KiAndAtMost8Mi() {
        var limits = YamlReader.Limits.DEFAULT;
        assertThat(limits.expandedCharsFor(100)).isEqualTo(64 * 1024);
        assertThat(limits.expandedCharsFor(100_000)).isEqualTo(1_600_000);
        assertThat(limits.expandedCharsFor(1 << 20)).isEqualTo(8 * 1024 * 1024);
    }

    @Test
    void aTextAliasedPastTheBoundIsRefusedAtTheAliasThatGoesPastIt() {
        String text = "x".repeat(1000);
        String yaml = "a: &t \"" + text + "\"\nb: [" + "*t, ".repeat(80) + "*t]\n";
        assertThat(read(yaml).errors()).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo(ProblemCode.TOO_LARGE_EXPANDED);
            // keys a and b, the text's 1,000 characters, then 1,000 more per alias: the 65th alias
            // (column 5 + 4 * 64) takes the file past 65,536
            assertThat(p.loc()).isEqualTo(new Loc("f.yaml", 2, 5 + 4 * 64));
            assertThat(p.format())
                    .startsWith("f.yaml:2:261: [too-large-expanded] more than 65536 characters of text once aliases"
                            + " are expanded (reached at this alias, *t)");
        });
    }

    @Test
    void listsOfListsOfAliasesAreRefusedBeforeTheyAreExpanded() {
        Problems problems = read(Bombs.nestedLists("laughs"));
        assertThat(problems.errors()).singleElement().satisfies(p -> assertThat(p.code())
                .isEqualTo(ProblemCode.TOO_LARGE_EXPANDED));
    }

    @Test
    void aliasesWithinTheBoundReadAsTheirValues() {
        var root = (YNode.YMap) new YamlReader()
                .read(
                        "f.yaml",
                        "hi: &hi {en: hello, zu: sawubona}\nagain: [*hi, *hi]\n".getBytes(StandardCharsets.UTF_8),
                        new Problems())
                .orElseThrow();
        var again = (YNode.YList) root.get("again");
        assertThat(again.items()).hasSize(2).allSatisfy(n -> assertThat(((YNode.YMap) n).get("zu"))
                .isEqualTo(new YNode.YScalar("sawubona", false, new Loc("f.yaml", 1, 25))));
    }

    @Test
    void theBoundCountsKeysAsText() {
        var reader = new YamlReader(new YamlReader.Limits(1 << 20, 40, 50, 200_000, 100, 1));
        assertThat(read(reader, "m: &m {" + "k".repeat(40) + ": v}\nn: [*m, *m]\n")
                        .errors())
                .singleElement()
                .satisfies(p -> assertThat(p.code()).isEqualTo(ProblemCode.TOO_LARGE_EXPANDED));
        assertThat(read(reader, "m: &m {" + "k".repeat(30) + ": v}\nn: [*m, *m]\n")
                        .hasErrors())
                .isFalse();
    }

    @Test
    void tooManyValuesOnceExpandedAreReportedAtTheAliasThatGoesPastTheLimit() {
        var reader = new YamlReader(new YamlReader.Limits(1 << 20, 40, 50, 100, 1 << 20, 16));
        String yaml = "a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9]\nb: [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n";
        assertThat(read(reader, yaml).errors()).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo(ProblemCode.TOO_MANY_VALUES);
            assertThat(p.loc().line()).isEqualTo(2);
        });
    }

    @Test
    void nestingDeeperThanTheLimitOnceExpandedIsAnError() {
        var reader = new YamlReader(new YamlReader.Limits(1 << 20, 5, 50, 1000, 1 << 20, 16));
        assertThat(read(reader, "a: &a [[[1]]]\nb: [[*a]]\n").errors())
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.code()).isEqualTo(ProblemCode.TOO_DEEP);
                    assertThat(p.loc()).isEqualTo(new Loc("f.yaml", 2, 6));
                });
        assertThat(read(reader, "a: &a [[[1]]]\nb: [*a]\n").hasErrors()).isFalse();
    }

    @Test
    void aValueThatContainsItselfIsRefusedAtTheAlias() {
        assertThat(read("a: &a [1, *a]\n").errors()).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo(ProblemCode.TOO_DEEP);
            assertThat(p.loc()).isEqualTo(new Loc("f.yaml", 1, 11));
            assertThat(p.message()).contains("*a is inside the value &a names");
        });
        assertThat(read("a: &a {b: *a}\n").errors()).singleElement().satisfies(p -> assertThat(p.code())
                .isEqualTo(ProblemCode.TOO_DEEP));
    }

    @Test
    void anAnchorNamedAgainInsideItsOwnValueIsNotTakenForItself() {
        assertThat(read("a: &a [&a [1], *a]\n").hasErrors()).isFalse();
    }

    @Test
    void aDuplicateKeyIsAnErrorAtItsSecondOccurrenceInEveryMapAtEveryLevel() {
        String yaml =
                """
                top: 1
                nested:
                  list:
                    - {name: a, name: b}
                  inner: {x: 1}
                  inner: {x: 2}
                top: 2
                """;
        List<Problem> errors = read(yaml).errors();
        assertThat(errors)
                .extracting(Problem::format)
                .containsExactly(
                        "f.yaml:4:17: [duplicate-key] duplicate key 'name' (first at line 4; remove one)",
                        "f.yaml:6:3: [duplicate-key] duplicate key 'inner' (first at line 5; remove one)",
                        "f.yaml:7:1: [duplicate-key] duplicate key 'top' (first at line 1; remove one)");
    }

    @Test
    void aMergeKeyIsRefusedRatherThanReadAsAName() {
        assertThat(read("base: &b {x: 1}\nchild:\n  <<: *b\n  y: 2\n").errors())
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.code()).isEqualTo(ProblemCode.BAD_KEY);
                    assertThat(p.loc()).isEqualTo(new Loc("f.yaml", 3, 3));
                    assertThat(p.message()).contains("merge keys (<<) are not supported");
                });
        assertThat(read("'<<': quoted is a name\n").hasErrors()).isFalse();
    }
}
