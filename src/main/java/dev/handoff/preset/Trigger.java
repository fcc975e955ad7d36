package dev.handoff.preset;

import dev.handoff.yaml.Loc;
import java.util.List;

/**
 * What starts a stream: any of {@code intents}, and/or {@code afterMisunderstood} consecutive
 * messages the NLP pipeline did not understand (0: not on misunderstanding).
 */
public record Trigger(List<String> intents, int afterMisunderstood, Loc loc) {
    public static final Trigger NONE = new Trigger(List.of(), 0, Loc.of("<none>"));

    public Trigger {
        intents = List.copyOf(intents);
    }
}
