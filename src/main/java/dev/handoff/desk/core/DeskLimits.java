package dev.handoff.desk.core;

/**
 * The longest values the desk accepts from a bot, in characters ({@link String#length()}): one set
 * of facts for the desk's checks, the store's columns ({@code db/migration}, at least as wide) and
 * the bot side, which refuses longer values where the user types them (the {@code human_handoff}
 * preset's form fields; a test pins the two equal). The longest message is a setting,
 * {@link dev.handoff.desk.config.DeskConfig#maxMessageSize()}.
 */
public final class DeskLimits {
    /** A {@code ConversationID} or {@code BotID}. */
    public static final int MAX_ID = 500;
    /** A contact's name. */
    public static final int MAX_CONTACT_NAME = 500;
    /** A contact's email address. */
    public static final int MAX_CONTACT_EMAIL = 500;
    /** A contact's phone number. */
    public static final int MAX_CONTACT_PHONE = 100;

    private DeskLimits() {}
}
