package dev.handoff.dialogue;

import dev.handoff.nlp.NlpPipeline;
import dev.handoff.preset.BotDef;
import dev.handoff.preset.StreamDef;
import dev.handoff.preset.Text;
import dev.handoff.translate.LanguageDetector;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A bot ready to talk: its definition, its trained NLP pipeline, and the detector that tells which of its
 * languages a user writes in ({@link LanguageDetector#none()} when {@code detect_language} is off).
 */
public final class Bot {
    private final BotDef definition;
    private final NlpPipeline nlp;
    private final LanguageDetector languageDetector;
    private final Map<String, StreamDef> streamByIntent = new LinkedHashMap<>();

    public Bot(BotDef definition, NlpPipeline nlp, LanguageDetector languageDetector) {
        this.definition = definition;
        this.nlp = nlp;
        this.languageDetector = languageDetector;
        definition.streams().values().forEach(s -> s.trigger()
                .intents()
                .forEach(i -> streamByIntent.putIfAbsent(i, s)));
    }

    public String id() {
        return definition.id();
    }

    public BotDef definition() {
        return definition;
    }

    public NlpPipeline nlp() {
        return nlp;
    }

    /** Answers only with the bot's languages, or empty. */
    public LanguageDetector languageDetector() {
        return languageDetector;
    }

    public Optional<StreamDef> stream(String name) {
        return Optional.ofNullable(definition.streams().get(name));
    }

    public Optional<StreamDef> streamFor(String intent) {
        return Optional.ofNullable(streamByIntent.get(intent));
    }

    /** A stream name, or the stream an intent of that name starts. */
    public Optional<StreamDef> target(String next) {
        return stream(next).or(() -> streamFor(next));
    }

    /** The stream that starts after {@code streak} consecutive misunderstood messages, if any. */
    public Optional<StreamDef> streamAfterMisunderstood(int streak) {
        return definition.streams().values().stream()
                .filter(s -> s.trigger().afterMisunderstood() > 0
                        && streak >= s.trigger().afterMisunderstood())
                .min(Comparator.comparingInt(s -> s.trigger().afterMisunderstood()));
    }

    /** The bot's response of that name, or the built-in one. */
    public Text response(String name) {
        Text own = definition.responses().get(name);
        return own != null ? own : BuiltInTexts.get(name);
    }
}
