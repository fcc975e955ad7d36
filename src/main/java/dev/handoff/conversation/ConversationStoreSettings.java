package dev.handoff.conversation;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the conversation store lives: a JDBC URL. {@link #of} takes what a user types: a JDBC URL
 * ({@code jdbc:postgresql://...}, {@code jdbc:h2:...}) as it is, or a directory, which holds an H2 file
 * database {@code conversations.mv.db} opened with {@code WRITE_DELAY=0} (every commit is in the file when it
 * returns, so a killed process loses nothing it had committed).
 */
public record ConversationStoreSettings(String jdbcUrl) {
    public ConversationStoreSettings {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (!jdbcUrl.startsWith("jdbc:")) {
            throw new IllegalArgumentException(
                    "[conversation-store-url] not a JDBC URL: " + JdbcConversationStore.redact(jdbcUrl));
        }
    }

    /** An H2 file database {@code conversations} in {@code dir}. */
    public static ConversationStoreSettings inDirectory(Path dir) {
        return new ConversationStoreSettings("jdbc:h2:file:"
                + dir.toAbsolutePath().resolve("conversations") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0");
    }

    /** A JDBC URL as it is, or else a directory for an H2 file database. */
    public static ConversationStoreSettings of(String urlOrDirectory) {
        Objects.requireNonNull(urlOrDirectory, "urlOrDirectory");
        return urlOrDirectory.startsWith("jdbc:")
                ? new ConversationStoreSettings(urlOrDirectory)
                : inDirectory(Path.of(urlOrDirectory));
    }

    @Override
    public String toString() {
        return "ConversationStoreSettings[" + JdbcConversationStore.redact(jdbcUrl) + "]";
    }
}
