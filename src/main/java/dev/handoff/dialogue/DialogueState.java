package dev.handoff.dialogue;

import java.util.Map;
import java.util.Objects;

/**
 * What a conversation needs to go on in another process: its language, the values collected so far, and
 * where the dialogue stands. Taken with {@link Conversation#state()}, given back with {@link
 * Conversation#restore}.
 *
 * @param languageChosen whether the channel chose the language (then detection never changes it)
 * @param stream the stream waiting for the user's answer, or {@code null} when none waits
 * @param step that stream's step (a menu or a form), or 0 when none waits
 * @param field the form field asked (its slot), or {@code null} for a menu or when none waits
 * @param misunderstoodStreak misunderstood messages in a row so far
 */
public record DialogueState(
        String language,
        boolean languageChosen,
        Map<String, String> slots,
        String stream,
        int step,
        String field,
        int misunderstoodStreak) {

    public DialogueState {
        Objects.requireNonNull(language, "language");
        slots = Map.copyOf(slots);
    }
}
