package dev.handoff.nlp;

/** The NLP pipeline port: what the user meant, for every turn routed to the bot. */
public interface NlpPipeline {

    /**
     * Interprets one user message in the given language. Never throws for ordinary text; a
     * message it cannot place is an interpretation that is not {@link Interpretation#understood()}.
     */
    Interpretation interpret(String language, String text);
}
