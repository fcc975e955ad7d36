package dev.handoff.desk.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Archived chats, newest first, {@code offset} and {@code limit} as asked; {@code query} is the search
 * the page answers ({@code null} for none), so a console can tell an answer to an older search.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ArchivePage(List<ChatSummary> chats, int offset, int limit, String query) {
    public ArchivePage {
        chats = List.copyOf(chats);
    }

    public ArchivePage(List<ChatSummary> chats, int offset, int limit) {
        this(chats, offset, limit, null);
    }
}
