package dev.handoff.translate.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TmxTest {
    @TempDir
    Path dir;

    private Path write(String name, String xml) throws IOException {
        return Files.writeString(dir.resolve(name), xml, StandardCharsets.UTF_8);
    }

    @Test
    void eachUnitIsAGroupOfItsSegmentsByLanguage() throws IOException {
        Path file = write(
                "desk.tmx",
                """
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE tmx SYSTEM "tmx14.dtd">
                <tmx version="1.4">
                  <header creationtool="handoff" srclang="en" datatype="plaintext" segtype="sentence"
                          adminlang="en" o-tmf="none"/>
                  <body>
                    <tu>
                      <tuv xml:lang="en-GB"><seg>Your order has <hi>shipped</hi>.</seg></tuv>
                      <tuv xml:lang="ZU"><seg>I-oda yakho <bpt i="1">&lt;b&gt;</bpt>ithunyelwe<ept i="1">&lt;/b&gt;</ept>.</seg></tuv>
                      <tuv lang="af"><seg><![CDATA[Jou bestelling is gestuur.]]></seg></tuv>
                    </tu>
                    <tu><tuv xml:lang="en"><seg>Alone</seg></tuv></tu>
                  </body>
                </tmx>
                """);

        List<Map<String, String>> units = Tmx.read(file);

        assertThat(units)
                .containsExactly(Map.of(
                        "en", "Your order has shipped.",
                        "zu", "I-oda yakho ithunyelwe.",
                        "af", "Jou bestelling is gestuur."));
        var memory = TranslationMemory.builder().addAll(units).build();
        assertThat(memory.lookup("Jou bestelling is gestuur.", "af", "zu")).contains("I-oda yakho ithunyelwe.");
    }

    @Test
    void anExternalEntityIsRefusedAndTheFileItNamesIsNeverRead() throws IOException {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "the-secret-4711");
        Path file = write(
                "xxe.tmx",
                """
                <?xml version="1.0"?>
                <!DOCTYPE tmx [<!ENTITY xxe SYSTEM "%s">]>
                <tmx version="1.4"><body>
                <tu><tuv xml:lang="en"><seg>&xxe;</seg></tuv><tuv xml:lang="zu"><seg>x</seg></tuv></tu>
                </body></tmx>
                """
                        .formatted(secret.toUri()));

        assertThatThrownBy(() -> Tmx.read(file))
                .isInstanceOfSatisfying(TmxException.class, e -> {
                    assertThat(e.line()).isEqualTo(4);
                    assertThat(e.problem()).contains("xxe").doesNotContain("the-secret-4711");
                })
                .hasMessageStartingWith(file + ":4:");
    }

    @Test
    void aParameterEntityPointingOutsideTheFileIsNeverFetched() throws IOException {
        Path secret = Files.writeString(dir.resolve("evil.dtd"), "<!ENTITY leak \"the-secret-4711\">");
        Path file = write(
                "pe.tmx",
                """
                <?xml version="1.0"?>
                <!DOCTYPE tmx [<!ENTITY %% remote SYSTEM "%s"> %%remote;]>
                <tmx version="1.4"><body>
                <tu><tuv xml:lang="en"><seg>&leak;</seg></tuv><tuv xml:lang="zu"><seg>x</seg></tuv></tu>
                </body></tmx>
                """
                        .formatted(secret.toUri()));

        assertThatThrownBy(() -> Tmx.read(file))
                .isInstanceOfSatisfying(
                        TmxException.class, e -> assertThat(e.getMessage()).doesNotContain("the-secret-4711"));
    }

    @Test
    void aMalformedFileIsReportedWithItsNameLineAndProblem() throws IOException {
        Path file = write(
                "broken.tmx",
                """
                <tmx version="1.4"><body>
                <tu>
                  <tuv xml:lang="en"><seg>Hello</tuv>
                </tu>
                </body></tmx>
                """);

        assertThatThrownBy(() -> Tmx.read(file))
                .isInstanceOf(TmxException.class)
                .hasMessageStartingWith(file + ":3:")
                .hasMessageContaining("[bad-tmx] not well-formed XML")
                .hasMessageContaining("\"seg\" must be terminated");
    }

    @Test
    void aUnitWithoutALanguageOrASegmentIsReportedAtItsLine() throws IOException {
        Path noLanguage = write("nolang.tmx", "<tmx>\n<body>\n<tu>\n<tuv><seg>Hi</seg></tuv></tu></body></tmx>");
        Path noSegment = write("noseg.tmx", "<tmx><body><tu>\n<tuv xml:lang=\"en\"></tuv></tu></body></tmx>");
        Path notTmx = write("html.tmx", "<html/>");

        assertThatThrownBy(() -> Tmx.read(noLanguage))
                .hasMessage(noLanguage + ":4:6: [bad-tmx] <tuv> has no xml:lang attribute");
        assertThatThrownBy(() -> Tmx.read(noSegment))
                .hasMessageStartingWith(noSegment + ":2:")
                .hasMessageEndingWith("<tuv xml:lang=\"en\"> has no <seg>");
        assertThatThrownBy(() -> Tmx.read(notTmx)).hasMessageContaining("the root element is <html>, not <tmx>");
    }

    @Test
    void aMissingFileIsReportedByName() {
        Path missing = dir.resolve("missing.tmx");

        assertThatThrownBy(() -> Tmx.read(missing))
                .isInstanceOf(TmxException.class)
                .hasMessageStartingWith(missing + ": [bad-tmx] cannot read");
    }
}
