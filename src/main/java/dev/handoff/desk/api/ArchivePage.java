package dev.handoff.desk.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** Archived chats, newest first, {@code offset} and {@code limit} as asked. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ArchivePage(List<ChatSummary> chats, int offset, int limit) {
    public ArchivePage {
        chats = List.copyOf(chats);
    }
}
