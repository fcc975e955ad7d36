package dev.handoff.dialogue;

import java.util.Optional;

/**
 * An action a stream runs ({@code - action: NAME}), bound by name in Guice with
 * {@link DialogueActions#bind}; usually a singleton, shared by every conversation.
 *
 * <h2>Threads and order</h2>
 *
 * <ul>
 *   <li>{@link #requiredPreset()} is called when a bot is loaded, on the loading thread, before any
 *       conversation of that bot exists; it must return the same answer every time.
 *   <li>{@link #run} is called on the thread of the turn that reached the step, with that
 *       conversation's lock held. Turns of one conversation run one at a time and in order; turns of
 *       different conversations run concurrently, so an action keeps no per-conversation state in its
 *       fields. Start slow work (network, disk) asynchronously and return at once; a callback that
 *       later makes several changes to the conversation holds {@code synchronized (conversation)}
 *       around them, as {@code Handoff} does for live-agent events.
 *   <li>From {@code run} an action may read and set the conversation's slots and say texts through
 *       the {@link ActionContext}; it must not run another stream's steps itself (return
 *       {@link Outcome#STOP} and let the engine go on).
 * </ul>
 *
 * <h2>Stability</h2>
 *
 * <b>Stable</b> since 0.1: {@code run} and {@code Outcome}; {@link #requiredPreset()} is
 * <b>experimental</b> (it may come to name several presets).
 */
@FunctionalInterface
public interface DialogueAction {

    /** Runs the step: {@link Outcome#CONTINUE} with the stream's next step, or {@link Outcome#STOP} it. */
    Outcome run(ActionContext context);

    /**
     * The preset a bot must enable to run this action, if any. The loader checks it for every
     * {@code - action: NAME} step ({@code [action-needs-preset]}), so {@link #run} may count on the
     * preset's typed settings being on the bot.
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
