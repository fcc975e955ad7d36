package dev.handoff.desk.store;

/**
 * A message's translation as stored next to its original: for a user or bot message, into the language of the
 * agent who read it; for an agent message, what the user was sent. {@code text} is {@code null} when the
 * translation failed; {@code error} then says why ({@code timeout}, {@code rate_limited}, {@code unavailable},
 * {@code unsupported_pair}, ...), else it is {@code null}. {@code engine} names who translated ({@code apertium},
 * {@code memory}, ...).
 */
public record StoredTranslation(String text, String language, String engine, String error) {
    public static StoredTranslation failed(String language, String engine, String error) {
        return new StoredTranslation(null, language, engine, error);
    }

    /** Whether this is a translation (not a failure). */
    public boolean ok() {
        return error == null && text != null;
    }
}
