package dev.handoff.translate;

import java.util.Locale;

/**
 * A translation that did not happen: which engine, why (a stable {@link Reason}), and whether trying again
 * later may succeed. The message never holds a credential.
 */
public final class TranslationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why a translation failed. */
    public enum Reason {
        /** The engine does not translate this pair. */
        UNSUPPORTED_PAIR(false),
        /** The engine asks us to slow down (HTTP 429, or its quota for now is used). */
        RATE_LIMITED(true),
        /** The engine did not answer within the timeout. */
        TIMEOUT(true),
        /** The engine could not be reached, or failed (5xx, connection refused, a malformed answer). */
        UNAVAILABLE(true),
        /** The engine refused our credentials (401/403): a configuration problem. */
        UNAUTHORIZED(false),
        /** The engine refused the request itself (400: too long, bad language code). */
        REJECTED(false);

        private final boolean retryable;

        Reason(boolean retryable) {
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }

        /** As shown to agents and in logs: {@code rate_limited}, {@code timeout}, ... */
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final String engine;
    private final Reason reason;

    public TranslationException(String engine, Reason reason, String message) {
        this(engine, reason, message, null);
    }

    public TranslationException(String engine, Reason reason, String message, Throwable cause) {
        super(engine + ": [" + reason.wire() + "] " + message, cause);
        this.engine = engine;
        this.reason = reason;
    }

    public String engine() {
        return engine;
    }

    public Reason reason() {
        return reason;
    }
}
