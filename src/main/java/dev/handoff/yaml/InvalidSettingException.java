package dev.handoff.yaml;

import java.util.Objects;

/**
 * A setting given in code (a Java settings record, such as {@code NlpSettings}) with a value it
 * cannot have: which kind ({@link #code()}), which setting ({@link #setting()}) and the fix in the
 * message. An {@link IllegalArgumentException}, so callers that catch that go on working; the
 * message reads as before, {@link #format()} puts the code in front as the file problems do.
 */
public final class InvalidSettingException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final ProblemCode code;
    private final String setting;

    public InvalidSettingException(ProblemCode code, String setting, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
        this.setting = Objects.requireNonNull(setting, "setting");
    }

    public ProblemCode code() {
        return code;
    }

    /** The name of the setting, as the record's component is called. */
    public String setting() {
        return setting;
    }

    /** {@code [code] message}, as a file problem prints after its location. */
    public String format() {
        return "[" + code.id() + "] " + getMessage();
    }
}
