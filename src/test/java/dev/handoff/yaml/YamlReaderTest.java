package dev.handoff.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class YamlReaderTest {

    private Problems read(YamlReader reader, String yaml) {
        var problems = new Problems();
        reader.read("f.yaml", yaml.getBytes(StandardCharsets.UTF_8), problems);
        return problems;
    }

    @Test
    void aFileOverTheSizeLimitIsRefusedBeforeParsing() {
        var reader = new YamlReader(new YamlReader.Limits(100, 40, 50, 1000, 1 << 20, 16));
        assertThat(read(reader, "a: " + "x".repeat(200)).errors())
                .singleElement()
                .satisfies(p -> assertThat(p.message()).contains("more than the limit of 100 bytes"));
    }

    @Test
    void nestingDeeperThanTheLimitIsAnError() {
        var reader = new YamlReader(new YamlReader.Limits(1 << 20, 5, 50, 1000, 1 << 20, 16));
        assertThat(read(reader, "a: [[[[[[[1]]]]]]]").hasErrors()).isTrue();
        assertThat(read(reader, "a: [[1]]").hasErrors()).isFalse();
    }

    @Test
    void tooManyAliasesAreAnError() {
        var reader = new YamlReader(new YamlReader.Limits(1 << 20, 40, 2, 100_000, 1 << 20, 16));
        Problems problems = read(reader, "a: &a [1]\nb: [*a, *a, *a, *a]\n");
        assertThat(problems.errors()).singleElement().satisfies(p -> assertThat(p.message())
                .contains("aliases"));
    }

    @Test
    void locationsAreOneBasedLineAndColumn() {
        var node = (YNode.YMap) new YamlReader()
                .read("f.yaml", "id: x\nlanguages:\n  - en\n".getBytes(StandardCharsets.UTF_8), new Problems())
                .orElseThrow();
        assertThat(node.keyLoc("languages")).isEqualTo(new Loc("f.yaml", 2, 1));
        assertThat(((YNode.YList) node.get("languages")).items().get(0).loc()).isEqualTo(new Loc("f.yaml", 3, 5));
    }

    @Test
    void invalidUtf8IsAClearError() {
        var problems = new Problems();
        new YamlReader().read("f.yaml", new byte[] {'a', ':', ' ', (byte) 0xC3, (byte) 0x28}, problems);
        assertThat(problems.errors()).singleElement().satisfies(p -> assertThat(p.message())
                .contains("UTF-8"));
    }
}
