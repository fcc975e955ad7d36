package dev.handoff.desk.config;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the config's durations: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 24h}, {@code 2d}, or plain seconds. */
public final class Durations {
    private static final Pattern FORM = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)?\\s*");

    private Durations() {}

    /** The durations the config accepts, for messages. */
    public static final String EXAMPLES = "500ms, 30s, 5m, 24h, 2d";

    /** The duration {@code text} says, or empty if it is not one. */
    public static Optional<Duration> read(String text) {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        double amount = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double millis =
                switch (unit) {
                    case "ms" -> amount;
                    case "s" -> amount * 1_000;
                    case "m" -> amount * 60_000;
                    case "h" -> amount * 3_600_000;
                    default -> amount * 86_400_000;
                };
        return Optional.of(Duration.ofMillis(Math.round(millis)));
    }
}
