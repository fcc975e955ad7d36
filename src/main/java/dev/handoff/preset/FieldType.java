package dev.handoff.preset;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/** How a form field's answer is checked. */
public enum FieldType {
    /** Free text, not blank. */
    TEXT("text"),
    /**
     * A person's name: letters (any script), spaces, apostrophes, dots and hyphens; 1 to {@link #MAX_NAME}
     * characters.
     */
    NAME("name"),
    /** An email address of at most {@link #MAX_EMAIL} characters. */
    EMAIL("email"),
    /** 7 to 15 digits, optionally with a leading +, spaces, dashes, dots or brackets. */
    PHONE("phone"),
    /** Either an email address (stored in slot {@code email}) or a phone number (slot {@code phone}). */
    EMAIL_OR_PHONE("email_or_phone");

    /**
     * The longest name accepted, in characters. This and {@link #MAX_EMAIL} and {@link #MAX_PHONE} are
     * the live-agent desk's limits (its {@code DeskLimits}; a test pins them equal), so a contact the
     * user typed is one the desk can store.
     */
    public static final int MAX_NAME = 500;
    /** The longest email address accepted, in characters. */
    public static final int MAX_EMAIL = 500;
    /** The longest phone number accepted, in characters. */
    public static final int MAX_PHONE = 100;

    private static final Pattern NAME_PATTERN = Pattern.compile("[\\p{L}\\p{M}][\\p{L}\\p{M} .'\\-]*");
    private static final Pattern EMAIL_PATTERN = Pattern.compile("[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+");
    private static final Pattern PHONE_PATTERN = Pattern.compile("\\+?[0-9 ().\\-]{7,24}");

    private final String yamlName;

    FieldType(String yamlName) {
        this.yamlName = yamlName;
    }

    public String yamlName() {
        return yamlName;
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(FieldType::yamlName).toList();
    }

    public static FieldType byName(String name) {
        return Arrays.stream(values())
                .filter(t -> t.yamlName.equals(name))
                .findFirst()
                .orElse(null);
    }

    public boolean accepts(String input) {
        String value = input.strip();
        return switch (this) {
            case TEXT -> !value.isEmpty();
            case NAME -> value.length() <= MAX_NAME
                    && NAME_PATTERN.matcher(value).matches();
            case EMAIL -> isEmail(value);
            case PHONE -> isPhone(value);
            case EMAIL_OR_PHONE -> isEmail(value) || isPhone(value);
        };
    }

    public static boolean isEmail(String value) {
        String email = value.strip();
        return email.length() <= MAX_EMAIL && EMAIL_PATTERN.matcher(email).matches();
    }

    private static boolean isPhone(String value) {
        if (value.length() > MAX_PHONE || !PHONE_PATTERN.matcher(value).matches()) {
            return false;
        }
        long digits = value.chars().filter(Character::isDigit).count();
        return digits >= 7 && digits <= 15;
    }
}
