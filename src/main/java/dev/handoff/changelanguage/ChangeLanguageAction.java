package dev.handoff.changelanguage;

import dev.handoff.dialogue.ActionContext;
import dev.handoff.dialogue.Conversation;
import dev.handoff.dialogue.DialogueAction;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code change_language} action: the conversation speaks the language the user chose from now on,
 * and detection no longer changes it ({@link Conversation#chooseLanguage}). The language is the step's
 * {@code language} argument, else the conversation's {@code language} slot (set by the preset's menu). A
 * language the bot does not speak, or none at all, changes nothing and stops the stream.
 */
@Singleton
public final class ChangeLanguageAction implements DialogueAction {
    public static final String ACTION = "change_language";
    public static final String PRESET = "change_language";
    /** The slot the preset's menu fills. */
    static final String SLOT = "language";

    private static final Logger log = LoggerFactory.getLogger(ChangeLanguageAction.class);

    @Override
    public Optional<String> requiredPreset() {
        return Optional.of(PRESET);
    }

    @Override
    public Outcome run(ActionContext context) {
        Conversation c = context.conversation();
        String language = Optional.ofNullable(context.args().get(SLOT))
                .or(() -> c.slot(SLOT))
                .orElse(null);
        if (language == null || !context.bot().definition().languages().contains(language)) {
            log.warn(
                    "conversation {}: bot '{}' does not speak '{}' (it speaks {}); the language stays {}",
                    c.id(),
                    context.bot().id(),
                    language,
                    context.bot().definition().languages(),
                    c.language());
            return Outcome.STOP;
        }
        String before = c.language();
        c.chooseLanguage(language);
        log.info("conversation {}: the user chose {} (was {})", c.id(), language, before);
        return Outcome.CONTINUE;
    }
}
