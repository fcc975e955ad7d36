package dev.handoff.dialogue;

import java.util.Optional;

/**
 * An action a stream runs ({@code - action: NAME}), bound by name in Guice with
 * {@link DialogueActions#bind}. Called on the turn's thread with the conversation's lock held: start
 * slow work asynchronously.
 */
@FunctionalInterface
public interface DialogueAction {

    Outcome run(ActionContext context);

    /**
     * The preset a bot must enable to run this action, if any. The loader checks it for every
     * {@code - action: NAME} step ({@code [action-needs-preset]}), so {@link #run} may count on the
     * preset's typed settings being on the bot. Called once per action when a bot is loaded.
     */
    default Optional<String> requiredPreset() {
        return Optional.empty();
    }

    enum Outcome {
        /** Go on with the stream's next step. */
        CONTINUE,
        /** Stop the stream here (for example: the conversation was handed to a live agent). */
        STOP
    }
}
