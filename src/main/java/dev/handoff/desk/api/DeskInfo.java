package dev.handoff.desk.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * What the desk tells an agent about itself after {@code signed_in} ({@code desk_info}): its
 * departments and agents (the targets of a transfer), the quick replies of {@code desk.yaml} with their
 * text per language, and the longest message it takes, in characters.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record DeskInfo(
        List<String> departments, List<Colleague> agents, List<QuickReply> quickReplies, int maxMessageSize) {
    public DeskInfo {
        departments = List.copyOf(departments);
        agents = List.copyOf(agents);
        quickReplies = List.copyOf(quickReplies);
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
