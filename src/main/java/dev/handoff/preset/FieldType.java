package dev.handoff.preset;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/** How a form field's answer is checked. */
public enum FieldType {
    /** Free text, not blank. */
    TEXT("text"),
    /** A person's name: letters (any script), spaces, apostrophes, dots and hyphens; 1 to 100 characters. */
    NAME("name"),
    EMAIL("email"),
    /** 7 to 15 digits, optionally with a leading +, spaces, dashes, dots or brackets. */
    PHONE("phone"),
    /** Either an email address (stored in slot {@code email}) or a phone number (slot {@code phone}). */
    EMAIL_OR_PHONE("email_or_phone");

    private static final Pattern NAME_PATTERN = Pattern.compile("[\\p{L}\\p{M}][\\p{L}\\p{M} .'\\-]{0,99}");
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
            case NAME -> NAME_PATTERN.matcher(value).matches();
            case EMAIL -> EMAIL_PATTERN.matcher(value).matches();
            case PHONE -> isPhone(value);
            case EMAIL_OR_PHONE -> EMAIL_PATTERN.matcher(value).matches() || isPhone(value);
        };
    }

    public static boolean isEmail(String value) {
        return EMAIL_PATTERN.matcher(value.strip()).matches();
    }

    private static boolean isPhone(String value) {
        if (!PHONE_PATTERN.matcher(value).matches()) {
            return false;
        }
        long digits = value.chars().filter(Character::isDigit).count();
        return digits >= 7 && digits <= 15;
    }
}
