package dev.handoff.preset;

import dev.handoff.yaml.Loc;
import java.util.List;
import java.util.Map;

/** One element of a dialogue stream. */
public sealed interface Step permits Step.Say, Step.Buttons, Step.Form, Step.Action {

    Loc loc();

    /** A bot response. */
    record Say(Text text, Loc loc) implements Step {}

    /**
     * A menu. The user answers with an option's number or label. The chosen option's {@code id} goes
     * into {@code slot} (if set); then the option's {@code say} is said and its {@code next} (or the
     * element's {@code next}) is followed: a stream, or an intent's stream. With no next at all the
     * stream goes on after the menu.
     */
    record Buttons(Text text, String slot, String next, List<Option> options, Loc loc) implements Step {
        public Buttons {
            options = List.copyOf(options);
        }
    }

    record Option(String id, Text label, String next, Text say, Loc loc) {}

    /** Collects named values, asking for each one the conversation does not have yet. */
    record Form(List<Field> fields, Loc loc) implements Step {
        public Form {
            fields = List.copyOf(fields);
        }
    }

    record Field(String slot, FieldType type, Text ask, Text invalid, Loc loc) {}

    /** A named action bound in Guice (see {@code DialogueAction}). */
    record Action(String name, Map<String, String> args, Loc loc) implements Step {
        public Action {
            args = Map.copyOf(args);
        }
    }
}
