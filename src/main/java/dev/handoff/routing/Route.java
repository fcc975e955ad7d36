package dev.handoff.routing;

/** Where a user's turn goes. */
public enum Route {
    /** The NLP pipeline and the bot's dialogue streams. */
    NLP_PIPELINE,
    /** A live agent: the bot stays silent. */
    LIVE_AGENT
}
