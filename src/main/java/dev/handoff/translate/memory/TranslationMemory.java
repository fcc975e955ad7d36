package dev.handoff.translate.memory;

import dev.handoff.translate.LanguagePairs;
import dev.handoff.translate.Translation;
import dev.handoff.translate.TranslationException;
import dev.handoff.translate.TranslationRequest;
import dev.handoff.translate.Translator;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * Exact translations the desk already has, answered before any machine engine: the translator named {@value
 * #NAME}.
 *
 * <p>Built from groups of equivalent texts, each a map language → text (a quick reply's texts, a preset's
 * message, a TMX unit): every text of a group translates to every other text of it. A text is looked up by its
 * language and its normalised form: Unicode NFC, trimmed, runs of white space as one space; case counts ("Hello"
 * and "hello" are two texts). When two groups disagree on a translation, the first one added wins: the desk's
 * own texts are added before the preset's and the TMX file's.
 *
 * <p>Immutable once built: thread-safe, and {@link #translate} and {@link #lookup} never do I/O.
 */
public final class TranslationMemory implements Translator {
    public static final String NAME = "memory";

    private static final Pattern SPACES = Pattern.compile("\\s+");

    /** A source text: its language and its normalised form. */
    private record Key(String language, String text) {}

    private final Map<Key, Map<String, String>> entries;
    private final LanguagePairs pairs;

    private TranslationMemory(Map<Key, Map<String, String>> entries, LanguagePairs pairs) {
        this.entries = entries;
        this.pairs = pairs;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects the groups; {@link #build()} makes the memory. Not thread-safe. */
    public static final class Builder {
        private final Map<Key, Map<String, String>> entries = new HashMap<>();
        private final Set<LanguagePairs.Pair> pairs = new HashSet<>();

        private Builder() {}

        /**
         * One group of equivalent texts, language → text; languages written as {@code en-GB} or {@code EN} are
         * {@code en}, blank texts and keys that are not language codes are left out.
         */
        public Builder add(Map<String, String> texts) {
            Map<String, String> group = new HashMap<>();
            texts.forEach((language, text) -> LanguageCodes.normalise(language).ifPresent(code -> {
                if (text != null && !text.isBlank()) group.putIfAbsent(code, text);
            }));
            for (var source : group.entrySet()) {
                Map<String, String> targets = entries.computeIfAbsent(
                        new Key(source.getKey(), normalise(source.getValue())), k -> new HashMap<>());
                for (var target : group.entrySet()) {
                    if (target.getKey().equals(source.getKey())) continue;
                    targets.putIfAbsent(target.getKey(), target.getValue());
                    pairs.add(new LanguagePairs.Pair(source.getKey(), target.getKey()));
                }
            }
            return this;
        }

        public Builder addAll(Collection<? extends Map<String, String>> groups) {
            groups.forEach(this::add);
            return this;
        }

        public TranslationMemory build() {
            Map<Key, Map<String, String>> frozen = new HashMap<>();
            entries.forEach((k, v) -> frozen.put(k, Map.copyOf(v)));
            return new TranslationMemory(Map.copyOf(frozen), new LanguagePairs(pairs));
        }
    }

    /** How the memory compares texts: NFC, trimmed, white space collapsed; case kept. */
    static String normalise(String text) {
        return SPACES.matcher(Normalizer.normalize(text, Normalizer.Form.NFC).strip())
                .replaceAll(" ");
    }

    /**
     * The memory's translation of {@code text} from {@code source} into {@code target}, if it has one; a text
     * "translated" into its own language is itself.
     */
    public Optional<String> lookup(String text, String source, String target) {
        if (source.equals(target)) return Optional.of(text);
        Map<String, String> targets = entries.get(new Key(source, normalise(text)));
        return targets == null ? Optional.empty() : Optional.ofNullable(targets.get(target));
    }

    /** How many source texts the memory knows, in any language. */
    public int size() {
        return entries.size();
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Every pair for which at least one group holds a text in both languages. */
    @Override
    public CompletableFuture<LanguagePairs> languages() {
        return CompletableFuture.completedFuture(pairs);
    }

    /**
     * Answers only when the memory knows every text of the request; otherwise fails {@code unsupported_pair}
     * (a chain asks {@link #lookup} per text instead, and sends the rest to a machine engine).
     */
    @Override
    public CompletableFuture<Translation> translate(TranslationRequest request) {
        List<String> out = new ArrayList<>(request.texts().size());
        int missing = 0;
        for (String text : request.texts()) {
            Optional<String> hit = lookup(text, request.source(), request.target());
            if (hit.isPresent()) out.add(hit.get());
            else missing++;
        }
        if (missing > 0) {
            return CompletableFuture.failedFuture(new TranslationException(
                    NAME,
                    TranslationException.Reason.UNSUPPORTED_PAIR,
                    "no exact translation from " + request.source() + " into " + request.target() + " for " + missing
                            + " of " + request.texts().size() + " texts"));
        }
        return CompletableFuture.completedFuture(new Translation(out, NAME));
    }
}
