package dev.handoff.dialogue;

/**
 * An action a stream runs ({@code - action: NAME}), bound by name in Guice with
 * {@link DialogueActions#bind}. Called on the turn's thread with the conversation's lock held: start
 * slow work asynchronously.
 */
@FunctionalInterface
public interface DialogueAction {

    Outcome run(ActionContext context);

    enum Outcome {
        /** Go on with the stream's next step. */
        CONTINUE,
        /** Stop the stream here (for example: the conversation was handed to a live agent). */
        STOP
    }
}
