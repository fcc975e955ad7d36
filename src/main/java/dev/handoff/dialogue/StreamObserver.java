package dev.handoff.dialogue;

/**
 * Watches the bot's streams run, for a feature that counts them (a plugin's metrics). Bound with a Guice {@code
 * Multibinder} of {@code StreamObserver}; none by default.
 *
 * <p><b>Threading.</b> Called on the turn's thread with the conversation's lock held: must return at once, never
 * block, never change the conversation. An observer that throws is logged and ignored.
 *
 * <p><b>Stability.</b> Stable SPI: methods may gain defaults, never lose them.
 */
public interface StreamObserver {

    /** A step of {@code stream} showed the user a menu (buttons) and waits for the answer. */
    default void menuShown(Conversation conversation, String stream) {}
}
