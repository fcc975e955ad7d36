package dev.handoff.yaml;

/**
 * The stable id of every kind of problem a bot, preset or {@code desk.yaml} file can have, printed
 * as {@code [id]} before the message (as Guice's {@code ErrorId}). The ids are part of the command
 * line's output: scripts and documentation refer to them, so an id is never renamed or reused; a
 * new kind of problem gets a new id.
 */
public enum ProblemCode {
    // ---- reading the file ------------------------------------------------------------------------
    /** The file could not be read at all (missing, no permission). */
    CANNOT_READ("cannot-read"),
    /** The file is larger than the reader's limit. */
    FILE_TOO_LARGE("file-too-large"),
    /** The bytes are not UTF-8 text. */
    NOT_UTF8("not-utf8"),
    /** The text is not YAML (bad indentation, tabs, an unquoted ': ' and so on). */
    INVALID_YAML("invalid-yaml"),
    /** The file has no value at all. */
    EMPTY_FILE("empty-file"),
    /** Nested deeper than the reader's limit. */
    TOO_DEEP("too-deep"),
    /** More aliases ({@code *name}) than the reader's limit. */
    TOO_MANY_ALIASES("too-many-aliases"),
    /** More values, once aliases are expanded, than the reader's limit. */
    TOO_MANY_VALUES("too-many-values"),
    /**
     * More characters of text, once aliases are expanded, than the reader allows for a file of this
     * size (a "billion laughs": a few aliases of a long text standing for gigabytes).
     */
    TOO_LARGE_EXPANDED("too-large-expanded"),

    // ---- the shape of values -----------------------------------------------------------------------
    /** A map key that is not a plain name (a map, a list, nothing). */
    BAD_KEY("bad-key"),
    /** The same key twice in one map. */
    DUPLICATE_KEY("duplicate-key"),
    /** A key the map does not know. */
    UNKNOWN_KEY("unknown-key"),
    /** A key the map needs is missing. */
    MISSING_KEY("missing-key"),
    /** A map where a list was needed, a text where a map was needed, and so on. */
    WRONG_TYPE("wrong-type"),
    /** Not a whole number. */
    NOT_A_NUMBER("not-a-number"),
    /** Not true or false. */
    NOT_A_BOOLEAN("not-a-boolean"),
    /** Not a duration such as 30s or 5m. */
    NOT_A_DURATION("not-a-duration"),
    /** A number outside its allowed range. */
    OUT_OF_RANGE("out-of-range"),
    /** A value of the right type that is still not allowed (a URL without a host, a blank text). */
    INVALID_VALUE("invalid-value"),
    /** A name with characters other than letters, digits, '_', '.' and '-'. */
    BAD_NAME("bad-name"),
    /** An id, name or token used twice where each must be unique. */
    DUPLICATE_ID("duplicate-id"),

    // ---- bots and presets ------------------------------------------------------------------------
    /** Not an ISO 639 language code. */
    BAD_LANGUAGE("bad-language"),
    /** A bot without any language. */
    NO_LANGUAGE("no-language"),
    /** A preset the bot enables is not installed. */
    UNKNOWN_PRESET("unknown-preset"),
    /** Two preset files with one name. */
    DUPLICATE_PRESET("duplicate-preset"),
    /** An override or a {@code ${placeholder}} names a setting the preset does not have. */
    UNKNOWN_SETTING("unknown-setting"),
    /** A text given as a map with no language in it. */
    NO_TEXT("no-text"),
    /** A step names a response or message that is not defined. */
    UNDEFINED_TEXT("undefined-text"),
    /** Two streams with one name. */
    DUPLICATE_STREAM("duplicate-stream"),
    /** A step without exactly one of say, buttons, form, action. */
    STEP_KIND("step-kind"),
    /** Buttons without any option. */
    NO_OPTIONS("no-options"),
    /** A form field of an unknown type. */
    UNKNOWN_FIELD_TYPE("unknown-field-type"),

    // ---- cross-checks (one rule each) -------------------------------------------------------------
    /** A stream's trigger names an intent that is not defined. */
    UNKNOWN_INTENT("unknown-intent"),
    /** An intent that starts two streams. */
    INTENT_STARTS_TWO_STREAMS("intent-starts-two-streams"),
    /** A {@code next} that is neither a stream nor an intent that starts one. */
    NOT_A_STREAM("not-a-stream"),
    /** A step runs an action no plugin binds. */
    UNBOUND_ACTION("unbound-action"),
    /** A step runs an action whose preset the bot does not enable. */
    ACTION_NEEDS_PRESET("action-needs-preset"),
    /** Intent examples in a language the bot does not speak (warning). */
    FOREIGN_EXAMPLES("foreign-examples"),
    /** An intent without examples in one of the bot's languages (warning). */
    MISSING_EXAMPLES("missing-examples"),
    /** A text without a translation in one of the bot's languages (warning). */
    MISSING_TRANSLATION("missing-translation"),
    /** A setting names an environment variable ({@code ${NAME}}) that is not set where the file is read (warning). */
    UNSET_VARIABLE("unset-variable"),

    // ---- desk.yaml -------------------------------------------------------------------------------
    /** An agent's department that is not one of the desk's departments. */
    UNKNOWN_DEPARTMENT("unknown-department");

    private final String id;

    ProblemCode(String id) {
        this.id = id;
    }

    /** The kebab-case id printed in brackets, such as {@code unknown-key}. */
    public String id() {
        return id;
    }

    @Override
    public String toString() {
        return id;
    }
}
