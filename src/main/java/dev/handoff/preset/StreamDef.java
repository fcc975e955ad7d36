package dev.handoff.preset;

import dev.handoff.yaml.Loc;
import java.util.List;

/** A dialogue stream: what starts it and its elements. {@code origin} is "bot" or the preset's name. */
public record StreamDef(String name, String origin, Trigger trigger, List<Step> steps, Loc loc) {
    public StreamDef {
        steps = List.copyOf(steps);
    }
}
