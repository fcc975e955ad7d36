package dev.handoff.nlp.opennlp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextNormalizerTest {

    @Test
    void lowerCasesAndStripsPunctuation() {
        assertThat(TextNormalizer.normalize("Hello!!! What are your OPENING hours?"))
                .isEqualTo("hello what are your opening hours");
    }

    @Test
    void collapsesWhitespaceOfAnyKind() {
        assertThat(TextNormalizer.normalize("  talk\tto \n a\u00a0human  ")).isEqualTo("talk to a human");
    }

    @Test
    void foldsCompatibilityCharactersWithNfkc() {
        assertThat(TextNormalizer.normalize("ＨＥＬＬＯ ﬁne")).isEqualTo("hello fine");
    }

    @Test
    void keepsNonAsciiLettersOfAfricanLanguages() {
        assertThat(TextNormalizer.normalize("Wat sê jy? Dis 'n lekker môre!")).isEqualTo("wat sê jy dis n lekker môre");
        assertThat(TextNormalizer.normalize("Ngiyabonga, mngane.")).isEqualTo("ngiyabonga mngane");
    }

    @Test
    void composesDecomposedAccentsSoBothSpellingsMatch() {
        assertThat(TextNormalizer.normalize("se\u0302")).isEqualTo(TextNormalizer.normalize("sê"));
    }

    @Test
    void blankAndMissingTextHaveNoTokens() {
        assertThat(TextNormalizer.tokens(TextNormalizer.normalize("  ?! "))).isEmpty();
        assertThat(TextNormalizer.tokens(TextNormalizer.normalize(null))).isEmpty();
        assertThat(TextNormalizer.tokens("real person")).containsExactly("real", "person");
    }
}
