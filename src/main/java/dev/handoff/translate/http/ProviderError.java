package dev.handoff.translate.http;

import dev.handoff.translate.TranslationException.Reason;

/**
 * What a provider says in its error answer: its message, and the reason when the answer says more than the
 * HTTP status does (a quota reason in a 403, a bad key in a 400); {@code reason} is {@code null} when the status
 * decides.
 */
public record ProviderError(Reason reason, String message) {
    /** An error whose reason follows from the HTTP status alone. */
    public static ProviderError byStatus(String message) {
        return new ProviderError(null, message);
    }
}
