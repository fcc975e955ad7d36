package dev.handoff.desk.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * What the desk tells an agent about itself after {@code signed_in} ({@code desk_info}): its
 * departments and agents (the targets of a transfer), the quick replies of {@code desk.yaml} with their
 * text per language, the longest message it takes, in characters, and what its translation engine
 * translates ({@link Translation}).
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record DeskInfo(
        List<String> departments,
        List<Colleague> agents,
        List<QuickReply> quickReplies,
        int maxMessageSize,
        Translation translation) {
    public DeskInfo {
        departments = List.copyOf(departments);
        agents = List.copyOf(agents);
        quickReplies = List.copyOf(quickReplies);
        if (translation == null) translation = Translation.NONE;
    }

    public DeskInfo(
            List<String> departments, List<Colleague> agents, List<QuickReply> quickReplies, int maxMessageSize) {
        this(departments, agents, quickReplies, maxMessageSize, Translation.NONE);
    }

    /** The same, with what the translation engine translates. */
    public DeskInfo withTranslation(Translation translation) {
        return new DeskInfo(departments, agents, quickReplies, maxMessageSize, translation);
    }

    /**
     * The translation engine's name and what it translates: its languages (sorted) and its directed pairs
     * {@code [source, target]}. An engine whose languages could not be fetched at start lists none.
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Translation(String engine, List<String> languages, List<List<String>> pairs) {
        public static final Translation NONE = new Translation("none", List.of(), List.of());

        public Translation {
            languages = List.copyOf(languages);
            pairs = pairs.stream().map(List::copyOf).toList();
        }
    }

    /** An agent of the desk: its name and the departments it serves (empty: all). */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Colleague(String name, List<String> departments) {
        public Colleague {
            departments = List.copyOf(departments);
        }
    }

    /** A quick reply: its id and its text per language code. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record QuickReply(String id, Map<String, String> texts) {
        public QuickReply {
            texts = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(texts));
        }
    }
}
